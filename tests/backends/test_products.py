"""The certificate key spelling table of services.json."""

from __future__ import annotations

import pytest

from fcsec.backends.products import CURRENT, EDGE_STYLE, certificate_key, certificate_key_source
from fcsec.ir.nodes import Product, Server


@pytest.mark.parametrize(
    ("product", "version", "expected"),
    [
        pytest.param(Product.FAIRCOM_EDGE, "5.1", EDGE_STYLE, id="edge-5.1"),
        pytest.param(Product.FAIRCOM_EDGE, "4.2.3", EDGE_STYLE, id="edge-4.2.3"),
        pytest.param(Product.FAIRCOM_EDGE, None, EDGE_STYLE, id="edge-no-version"),
        pytest.param(Product.FAIRCOM_MQ, "3", EDGE_STYLE, id="mq"),
        pytest.param(Product.FAIRCOM_DB, "13", CURRENT, id="db-13"),
        pytest.param(Product.FAIRCOM_DB, None, CURRENT, id="db-no-version"),
        pytest.param(None, None, CURRENT, id="no-product"),
    ],
)
def test_certificate_key_follows_product_and_version(
    product: Product | None, version: str | None, expected: str
) -> None:
    assert certificate_key(Server(product=product, version=version)) == expected


@pytest.mark.parametrize(
    ("product", "version", "expected"),
    [
        pytest.param(Product.FAIRCOM_DB, "13", "faircom-db 13", id="db-13"),
        pytest.param(Product.FAIRCOM_EDGE, None, "faircom-edge", id="edge-no-version"),
        pytest.param(None, "13", None, id="version-alone-chooses-nothing"),
        pytest.param(None, None, None, id="nothing"),
    ],
)
def test_only_a_product_chooses_the_spelling_over_the_files_own(
    product: Product | None, version: str | None, expected: str | None
) -> None:
    assert certificate_key_source(Server(product=product, version=version)) == expected
