import pytest
from hypothesis import given, strategies as st

from kg.dates import parse_date
from kg.numbers import Range, format_number, parse_number, parse_quantity, parse_range


@pytest.mark.parametrize("s,v", [("1.850", 1850), ("6.388,3", 6388.3), ("33,3", 33.3), ("01", 1),
                                 ("19.960", 19960), ("4.302", 4302), ("2,99", 2.99), ("100", 100),
                                 ("1.462,8", 1462.8), ("7,0", 7.0)])
def test_parse_number(s, v):
    assert parse_number(s) == v


@pytest.mark.parametrize("s", ["", "abc", "1,2,3", "6.388.3,1,2"])
def test_parse_number_refuses(s):
    with pytest.raises(ValueError):
        parse_number(s)


@pytest.mark.parametrize("s,r", [("6,0% - 6,5%", Range(6.0, 6.5, True)), ("8,5%-9,5%", Range(8.5, 9.5, True)),
                                 ("35.000 - 40.000", Range(35000, 40000, False)),
                                 ("7,0 - 7,5%", Range(7.0, 7.5, True)), ("0,5 - 1%", Range(0.5, 1, True))])
def test_parse_range(s, r):
    assert parse_range(s) == r


@pytest.mark.parametrize("s,value,low,high,unit", [
    ("43,5 nghìn tỷ đồng", 43500, None, None, "billion_vnd"),
    ("4,5 tỷ USD", 4500, None, None, "million_usd"),
    ("1.850 triệu USD", 1850, None, None, "million_usd"),
    ("19.960 tỷ đồng", 19960, None, None, "billion_vnd"),
    ("62,0 triệu đồng/người", 62.0, None, None, "million_vnd"),
    ("30.000 - 32.000 tỷ đồng", None, 30000, 32000, "billion_vnd"),
    ("6,0% - 6,5%", None, 6.0, 6.5, "percent"),
    ("33,3 giường bệnh/vạn dân", 33.3, None, None, None),
    ("25 nghìn tỉ đồng", 25000, None, None, "billion_vnd"),  # "tỉ" and "tỷ" are both written
    ("3,2 tỉ USD", 3200, None, None, "million_usd"),
    ("10.000 USD/người", 10000, None, None, "usd"),
])
def test_parse_quantity_scales_magnitudes(s, value, low, high, unit):
    q = parse_quantity(s)
    assert (q.value, q.low, q.high, q.unit) == (value, low, high, unit)


def test_dates_in_both_forms():
    assert parse_date("thông qua ngày 06 tháng 12 năm 2024") == "2024-12-06"
    assert parse_date("ngày 01/12/2023 của Ban Thường vụ") == "2023-12-01"
    assert parse_date("ngày 31/02/2023") is None


amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)


@given(amounts)
def test_format_then_parse_round_trips(x):
    assert parse_number(format_number(float(x))) == pytest.approx(float(x))


@given(amounts, amounts)
def test_ranges_round_trip(a, b):
    lo, hi = sorted((float(a), float(b)))
    r = parse_range(f"{format_number(lo)}% - {format_number(hi)}%")
    assert (r.low, r.high, r.percent) == (pytest.approx(lo), pytest.approx(hi), True)
