from shop.cart.total import subtotal, with_tax


def test_subtotal():
    assert subtotal([1, 2, 3]) == 6


def test_with_tax():
    assert with_tax(10, 0.2) == 12.0
