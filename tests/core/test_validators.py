import pytest
from django.core.exceptions import ValidationError

from kb.core.validators import (
    validate_cellosaurus_accession,
    validate_chembl_id,
    validate_hgnc_id,
    validate_mirbase_mature_name,
    validate_nct_id,
)

REAL = [
    (validate_hgnc_id, ["HGNC:40", "HGNC:3430", "HGNC:7107", "HGNC:11998", "HGNC:17652"]),
    (validate_chembl_id, ["CHEMBL554", "CHEMBL189963", "CHEMBL3301610", "CHEMBL1908360", "CHEMBL521686"]),
    (validate_cellosaurus_accession, ["CVCL_0179", "CVCL_0062", "CVCL_0553"]),
    (validate_nct_id, ["NCT00494234", "NCT02520063", "NCT03227328", "NCT01351103"]),
    (validate_mirbase_mature_name, ["hsa-miR-200b-3p", "hsa-miR-107", "hsa-miR-1233-1-5p", "hsa-let-7a-5p"]),
]
MALFORMED = [
    (validate_hgnc_id, ["3430", "HGNC 3430", "hgnc:3430", "HGNC:03430", "HGNC:", "HGNC:3430\n"], "HGNC:3430"),
    (validate_chembl_id, ["chembl554", "CHEMBL", "CHEMBL0554", "CHEMBL 554", "554"], "CHEMBL554"),
    (validate_cellosaurus_accession, ["CVCL0179", "CVCL_179", "cvcl_0179", "CVCL_01790"], "CVCL_0179"),
    (validate_nct_id, ["nCT00494234", "NCT0049423", "NCT004942345", "NCT 00494234", "00494234"], "NCT00494234"),
    (validate_mirbase_mature_name, ["Has-mir-195a-5p", "hsa-mir-107", "miR-107", "hsa-miR-107-7p"], "hsa-miR-200b-3p"),
]


@pytest.mark.parametrize(("validator", "values"), REAL)
def test_real_identifiers_are_accepted(validator, values):
    for value in values:
        validator(value)


@pytest.mark.parametrize(("validator", "values", "example"), MALFORMED)
def test_malformed_identifiers_are_refused_with_an_example(validator, values, example):
    for value in values:
        with pytest.raises(ValidationError) as info:
            validator(value)
        assert example in info.value.messages[0], "the message shows the curator a correct identifier"


@pytest.mark.django_db
def test_a_model_refuses_a_malformed_identifier_on_the_field_it_is_in():
    from kb.models import Gene

    gene = Gene.objects.get(slug="erbb2")
    gene.hgnc_id = "HGNC 3430"
    with pytest.raises(ValidationError) as info:
        gene.full_clean()
    assert list(info.value.message_dict) == ["hgnc_id"]
