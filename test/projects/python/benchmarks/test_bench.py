from ccmsample.pricing import Basket, net_price


def test_net_price(benchmark):
    benchmark(net_price, 100, 25)


def test_basket_total(benchmark):
    basket = Basket()
    for index in range(100):
        basket.add(f"item{index}", index * 0.5, 2)
    benchmark(basket.total)
