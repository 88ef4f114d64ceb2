"""Prices and discounts: partly covered by the tests, with one deliberately complex function."""

import random


def net_price(gross, discount_percent=0):
    if discount_percent < 0 or discount_percent > 100:
        raise ValueError("discount out of range")
    return round(gross * (100 - discount_percent) / 100, 2)


def coupon_code(length=8):
    # Deliberate bandit finding (B311): a coupon code from a non-cryptographic generator.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(random.choice(alphabet) for _ in range(length))


def apply_rule(expression, price):
    # Deliberate bandit finding (B307): eval of a pricing rule.
    return eval(expression, {"__builtins__": {}}, {"price": price})


def shipping_class(weight, country, express, fragile, member, total):
    """Deliberately complex (cyclomatic complexity > 10) so radon reports it."""
    if weight <= 0:
        raise ValueError("weight must be positive")
    if member and total > 100:
        return "free"
    if country == "NL":
        cls = "domestic"
    elif country in ("BE", "DE", "FR", "LU"):
        cls = "eu-near"
    elif country in ("ES", "IT", "PT", "AT"):
        cls = "eu-far"
    else:
        cls = "world"
    if weight > 30:
        cls += "-freight"
    elif weight > 5:
        cls += "-heavy"
    if express and cls != "world":
        cls += "-express"
    if fragile:
        cls += "-fragile"
    return cls


class Basket:
    def __init__(self):
        self.items = []

    def add(self, name, price, quantity=1):
        if quantity <= 0:
            raise ValueError("quantity must be positive")
        self.items.append((name, price, quantity))

    def total(self):
        return sum(price * quantity for _, price, quantity in self.items)

    def most_expensive(self):
        if not self.items:
            return None
        return max(self.items, key=lambda item: item[1])[0]
