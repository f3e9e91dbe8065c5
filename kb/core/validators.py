"""Format validators for the identifiers the knowledge base links out to.

Each message says what was expected with a real example, so that a curator can correct the value
without looking anything up.
"""

from django.core.validators import RegexValidator

validate_hgnc_id = RegexValidator(
    r"^HGNC:[1-9][0-9]{0,5}\Z",
    "Enter an HGNC ID as 'HGNC:' followed by its number, without leading zeros, e.g. HGNC:3430 for ERBB2.",
    code="invalid_hgnc_id",
)
validate_chembl_id = RegexValidator(
    r"^CHEMBL[1-9][0-9]*\Z",
    "Enter a ChEMBL ID as 'CHEMBL' in capitals followed by its number, e.g. CHEMBL554 for lapatinib.",
    code="invalid_chembl_id",
)
validate_cellosaurus_accession = RegexValidator(
    r"^CVCL_[0-9A-Z]{4}\Z",
    "Enter a Cellosaurus accession as 'CVCL_' followed by four capital letters or digits, e.g. CVCL_0179 for BT-474.",
    code="invalid_cellosaurus_accession",
)
validate_nct_id = RegexValidator(
    r"^NCT[0-9]{8}\Z",
    "Enter a ClinicalTrials.gov number as 'NCT' in capitals followed by exactly eight digits, e.g. NCT00494234.",
    code="invalid_nct_id",
)
validate_mirbase_mature_name = RegexValidator(
    r"^hsa-(miR|let)-[0-9]+[a-z]?(-[0-9]+)?(-[35]p)?\Z",
    "Enter a miRBase mature name: 'hsa-' (not 'Has-'), then 'miR-' with a capital R, the number, and the arm "
    "if there is one, e.g. hsa-miR-200b-3p.",
    code="invalid_mirbase_mature_name",
)
validate_doi = RegexValidator(
    r"^10\.[0-9]{4,9}/\S+\Z",
    "Enter a DOI as '10.' followed by the registrant's number, a slash and the suffix, without 'https://doi.org/', "
    "e.g. 10.1038/nature12373.",
    code="invalid_doi",
)
validate_pmid = RegexValidator(
    r"^[1-9][0-9]{0,8}\Z",
    "Enter a PubMed ID as its number alone, without 'PMID:', e.g. 23903654.",
    code="invalid_pmid",
)
validate_mirbase_accession = RegexValidator(
    r"^MIMAT[0-9]{7}\Z",
    "Enter a miRBase mature accession as 'MIMAT' followed by seven digits, e.g. MIMAT0000318 for hsa-miR-200b-3p.",
    code="invalid_mirbase_accession",
)
