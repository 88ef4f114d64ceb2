"""Cart totals: a module docstring, which coverage.py 6.5's lcov counts as a line."""


def subtotal(prices):
    return sum(prices)


def with_tax(amount, rate):
    """A function docstring is no statement either."""
    if rate < 0:
        raise ValueError("negative tax rate")
    return round(amount * (1 + rate), 2)
