"""An address that names a record otherwise (another case, its printed name, a synonym) leads to the record."""

import pytest
from django.test import Client

from trials.models import Compound

pytestmark = pytest.mark.django_db

SENT_ON = [
    ("/genes/HER2/", "/genes/ERBB2/"),  # a synonym
    ("/genes/erbb2/", "/genes/ERBB2/"),  # another case
    ("/trials/nct00494234/", "/trials/NCT00494234/"),
    ("/compounds/T-DM1/", "/compounds/trastuzumab-emtansine/"),
    ("/compounds/KU-0059436/", "/compounds/olaparib/"),
    ("/compounds/LAPATINIB/", "/compounds/lapatinib/"),
    ("/compounds/Lapatinib/", "/compounds/lapatinib/"),  # its name
    ("/biomarkers/HEr2 expression/", "/biomarkers/her2-expression/"),  # as printed, across a line break
    ("/mirnas/Has-mir-107/", "/mirnas/hsa-mir-107/"),  # the review's own spelling
    ("/mechanisms/DRUG-EFFLUX/", "/mechanisms/drug-efflux/"),
]


@pytest.mark.parametrize(("address", "record"), SENT_ON)
def test_another_name_of_a_record_is_sent_on_to_its_page_for_good(address, record):
    response = Client().get(address)
    assert response.status_code == 301 and response["Location"] == record
    assert Client().get(record).status_code == 200


def test_tracking_parameters_are_not_carried_along():
    """A record's page reads no parameters (kb.delivery.parameters): they are dropped, not sent on."""
    response = Client().get("/genes/HER2/?utm_source=x")
    assert response.status_code == 301 and response["Location"] == "/genes/ERBB2/"


@pytest.mark.parametrize("address", ["/compounds/tamoxifen/", "/genes/NOPE1/", "/trials/NCT99999999/"])
def test_a_name_of_nothing_here_is_still_a_404(address):
    assert Client().get(address).status_code == 404


def test_a_draft_is_not_found_by_another_name_either(curator):
    Compound.objects.filter(slug="trastuzumab-emtansine").update(status="draft")
    assert Client().get("/compounds/T-DM1/").status_code == 404
    staff = Client()
    staff.force_login(curator)
    assert staff.get("/compounds/T-DM1/")["Location"] == "/compounds/trastuzumab-emtansine/"


def test_a_name_shared_by_two_records_leads_to_neither():
    from kb.core.models import GeneSynonym
    from kb.models import Gene

    GeneSynonym.objects.create(gene=Gene.objects.get(slug="brca1"), name="SHARED1")
    GeneSynonym.objects.create(gene=Gene.objects.get(slug="brca2"), name="SHARED1")
    assert Client().get("/genes/SHARED1/").status_code == 404
