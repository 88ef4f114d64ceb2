import pytest

from ccmsample.pricing import Basket, net_price, shipping_class


def test_net_price():
    assert net_price(100, 25) == 75


def test_net_price_rejects_bad_discount():
    with pytest.raises(ValueError):
        net_price(100, 120)


def test_shipping_domestic():
    assert shipping_class(2, "NL", False, False, False, 10) == "domestic"


def test_basket_total():
    basket = Basket()
    basket.add("pen", 2.5, 4)
    assert basket.total() == 10


def test_deliberately_failing():
    # The suite has one failing test so reports carry a failure with its message.
    assert net_price(10, 10) == 8


@pytest.mark.skip(reason="deliberately skipped")
def test_skipped():
    assert False
