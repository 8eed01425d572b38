# -*- coding: utf-8 -*-
"""Builds gold/resolutions.json, gold/indicators.json and gold/projects.json for the holdout documents.

Adapted from shared/dev/build_gold.py (same helpers, same output format); only the annotation lists differ.
Every "text"/"quote" is typed with plain spaces, located in the NFC document (a typed space may stand for a
hard line break, H06), asserted unique in its section and stored verbatim with its NFC character span.
Table cells (H04) are located inside the row whose label is given as `row`.
"""
import glob, json, os, re, unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
DOCDIR = os.path.join(HERE, 'docs')
GOLD = os.path.join(HERE, 'gold')
nfc = lambda s: unicodedata.normalize('NFC', s)
NAMES = {os.path.basename(p)[:3]: os.path.basename(p) for p in sorted(glob.glob(os.path.join(DOCDIR, 'H??_*.txt')))}
DOCS = {n: nfc(open(os.path.join(DOCDIR, n), encoding='utf-8').read()) for n in NAMES.values()}
H01, H02, H03, H04, H05, H06 = (NAMES['H%02d' % i] for i in range(1, 7))

SECTION = {H01: ('2. Các chỉ tiêu chủ yếu', '3. Nhiệm vụ, giải pháp chủ yếu'),
           H02: ('2. Các chỉ tiêu chủ yếu (gồm 18 chỉ tiêu)', 'III. NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU'),
           H03: ('2. Các chỉ tiêu chủ yếu', '3. Nhiệm vụ, giải pháp chủ yếu'),
           H04: ('STT\tChỉ tiêu\tĐơn vị tính', None),
           H06: ('Điều 2. Các chỉ tiêu chủ yếu năm 2024', 'Điều 3. Nhiệm vụ, giải pháp chủ yếu')}

def bounds(doc, markers):
    s = DOCS[doc]
    if not markers:
        return 0, len(s)
    a = s.index(markers[0]); assert s.count(markers[0]) == 1, markers[0]
    b = s.index(markers[1], a) if markers[1] else len(s)
    return a, b

def pattern(text):
    return re.compile(r'[ \n]'.join(re.escape(part) for part in nfc(text).split(' ')))

def locate(doc, text, markers=None, row=None):
    s = DOCS[doc]
    a, b = bounds(doc, markers)
    if row is not None:
        starts = [m.start() for m in re.finditer('(?m)^' + re.escape(nfc(row)), s[a:b])]
        assert len(starts) == 1, (doc, row, len(starts))
        a = a + starts[0]; b = s.index('\n', a) if '\n' in s[a:] else len(s)
        a = a + len(nfc(row))
    hits = list(pattern(text).finditer(s, a, b))
    assert len(hits) == 1, (doc[:3], text, len(hits))
    m = hits[0]
    return m.group(0), [m.start(), m.end()]

# ================================================================ indicators
PERIOD = {H01: (2024, 2024), H02: (2026, 2026), H03: (2021, 2025), H04: (2025, 2025), H05: (2024, 2024), H06: (2024, 2024)}
IND = []

def ind(doc, clause, label, concept, text, value=None, lo=None, hi=None, cmp='eq', unit='percent', unit_vi='%',
        scope=None, period=None, agg=None, items=None, note=None, qual=False, row=None):
    if qual:
        value = lo = hi = None; cmp = None; unit = None; unit_vi = None
    elif lo is not None:
        assert value is None and hi is not None and lo < hi
        if cmp == 'eq':
            cmp = 'range'
    found, span = locate(doc, text, SECTION[doc], row=row)
    ps, pe = period or PERIOD[doc]
    IND.append({'doc': doc, 'clause': clause, 'label_vi': nfc(label), 'concept': concept,
                'value': value, 'min': lo, 'max': hi, 'comparator': cmp, 'unit': unit,
                'unit_vi': nfc(unit_vi) if unit_vi else None, 'period_start': ps, 'period_end': pe,
                'scope': nfc(scope) if scope else None, 'text': found, 'span': span,
                'aggregation': agg or ('plan_period' if doc == H03 else 'annual'),
                'items': [nfc(x) for x in items] if items else None, 'note': note})

# ---------------------------------------------------------------- H01 Tiền Giang 2024 ('(1)' items)
d = H01
ind(d, '(1)', 'Tốc độ tăng trưởng tổng sản phẩm trên địa bàn tỉnh (GRDP)', 'grdp_growth',
    'Tốc độ tăng trưởng tổng sản phẩm trên địa bàn tỉnh (GRDP) không thấp hơn 6,5%', 6.5, cmp='ge')
ind(d, '(2)', 'GRDP bình quân đầu người', 'grdp_per_capita', 'GRDP bình quân đầu người đạt 84 triệu đồng', 84,
    unit='million_vnd_per_person', unit_vi='triệu đồng')
ind(d, '(3)', 'Tổng kim ngạch xuất khẩu hàng hóa', 'export_turnover', 'Tổng kim ngạch xuất khẩu hàng hóa đạt 5,2 tỷ USD', 5200,
    unit='million_usd', unit_vi='tỷ USD', note="'tỷ USD' scaled to million_usd.")
ind(d, '(4)', 'Tổng vốn đầu tư phát triển toàn xã hội', 'total_social_investment',
    'Tổng vốn đầu tư phát triển toàn xã hội khoảng 40,5 nghìn tỷ đồng', 40500, cmp='approx', unit='billion_vnd',
    unit_vi='nghìn tỷ đồng', note="'nghìn tỷ đồng' scaled to billion_vnd (40,5 x 1000).")
ind(d, '(5)', 'Tổng thu ngân sách nhà nước trên địa bàn', 'state_budget_revenue',
    'Tổng thu ngân sách nhà nước trên địa bàn không dưới 10.230 tỷ đồng', 10230, cmp='ge', unit='billion_vnd', unit_vi='tỷ đồng')
ind(d, '(6)', 'Tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều', 'poor_household_rate',
    'Tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều giảm còn dưới 1%', 1, cmp='lt', unit='percent_of_households',
    note="'giảm còn dưới X%': a level below X, not a reduction.")
ind(d, '(7)', 'Số bác sĩ tính trên 1 vạn dân', 'doctors_per_10k', 'Số bác sĩ tính trên 1 vạn dân đạt 10,5 bác sĩ', 10.5,
    unit='doctors_per_10k', unit_vi='bác sĩ/vạn dân', note="'trên 1 vạn dân' is the denominator, not a comparator or a value.")
ind(d, '(8)', 'Tỷ lệ dân số tham gia bảo hiểm y tế', 'health_insurance_coverage',
    'Tỷ lệ dân số tham gia bảo hiểm y tế đạt 93,5%', 93.5, unit='percent_of_population')
ind(d, '(9)', 'xã đạt chuẩn nông thôn mới nâng cao (thêm)', 'advanced_new_rural_communes',
    'thêm 10 xã đạt chuẩn nông thôn mới nâng cao', 10, unit='communes', unit_vi='xã')
ind(d, '(9)', 'xã đạt chuẩn nông thôn mới kiểu mẫu (thêm)', 'model_new_rural_communes',
    '3 xã đạt chuẩn nông thôn mới kiểu mẫu', 3, unit='communes', unit_vi='xã')
ind(d, '(10)', 'Tỷ lệ lao động qua đào tạo', 'trained_labour_rate', 'Tỷ lệ lao động qua đào tạo đạt 72%', 72,
    unit='percent_of_labour_force')
ind(d, '(10)', 'lao động qua đào tạo có bằng cấp, chứng chỉ', 'trained_labour_certified_rate',
    'có bằng cấp, chứng chỉ đạt 31%', 31, unit='percent_of_labour_force')

# ---------------------------------------------------------------- H02 Vĩnh Long (merged) 2026 ('•' bullets)
d = H02
ind(d, 'a', 'Tốc độ tăng trưởng kinh tế (GRDP) (tính cả nhiệt điện)', 'grdp_growth',
    'Tốc độ tăng trưởng kinh tế (GRDP) đạt 8,5% (tính cả nhiệt điện)', 8.5, scope='tính cả nhiệt điện',
    note='Double value: first of two targets of one indicator, distinguished by scope.')
ind(d, 'a', 'Tốc độ tăng trưởng kinh tế (GRDP) (không tính nhiệt điện)', 'grdp_growth', '9,2% (không tính nhiệt điện)', 9.2,
    scope='không tính nhiệt điện', note='Double value: second target, scope without thermal power.')
ind(d, 'a', 'GRDP bình quân đầu người', 'grdp_per_capita', 'GRDP bình quân đầu người từ 95 đến 100 triệu đồng', lo=95, hi=100,
    unit='million_vnd_per_person', unit_vi='triệu đồng')
ind(d, 'a', 'Tổng thu ngân sách nhà nước trên địa bàn', 'state_budget_revenue',
    'Tổng thu ngân sách nhà nước trên địa bàn tối thiểu 22.500 tỷ đồng', 22500, cmp='ge', unit='billion_vnd', unit_vi='tỷ đồng')
ind(d, 'a', 'Kim ngạch xuất khẩu hàng hóa', 'export_turnover', 'Kim ngạch xuất khẩu hàng hóa đạt 4,8 tỷ USD', 4800,
    unit='million_usd', unit_vi='tỷ USD')
ind(d, 'a', 'Tổng vốn đầu tư toàn xã hội so với GRDP', 'total_social_investment_share_of_grdp',
    'Tổng vốn đầu tư toàn xã hội chiếm khoảng 30 - 32% GRDP', lo=30, hi=32, cmp='approx', unit_vi='% GRDP')
ind(d, 'a', 'Lượt khách du lịch', 'tourist_arrivals', 'Đón 5,5 triệu lượt khách du lịch', 5500000, unit='tourist_arrivals',
    unit_vi='triệu lượt khách')
ind(d, 'b', 'Tỷ lệ hộ nghèo giảm', 'poor_household_rate_reduction', 'Tỷ lệ hộ nghèo giảm 0,5%', 0.5, cmp='reduce_by',
    unit='percentage_points', note="'so với cuối năm 2025' is the baseline, not a value.")
ind(d, 'b', 'Tỷ lệ thất nghiệp khu vực thành thị', 'urban_unemployment_rate',
    'Tỷ lệ thất nghiệp khu vực thành thị không quá 3%', 3, cmp='le', unit='percent_of_labour_force')
ind(d, 'b', 'Tỷ lệ người dân tham gia bảo hiểm y tế', 'health_insurance_coverage',
    'Tỷ lệ người dân tham gia bảo hiểm y tế đạt 95,5%', 95.5, unit='percent_of_population')
ind(d, 'c', 'Tỷ lệ chất thải rắn sinh hoạt đô thị được thu gom, xử lý', 'solid_waste_collection_treatment_rate_urban',
    'Tỷ lệ chất thải rắn sinh hoạt đô thị được thu gom, xử lý đạt 98%', 98, scope='urban')

# ---------------------------------------------------------------- H03 Hà Tĩnh 2021-2025 ('2.1.' groups, '-' bullets)
d = H03
Y25 = (2025, 2025)
ind(d, '2.1', 'Tốc độ tăng trưởng kinh tế (GRDP) bình quân hằng năm', 'grdp_growth',
    'Tốc độ tăng trưởng kinh tế (GRDP) bình quân hằng năm từ 8,5% đến 9%', lo=8.5, hi=9, agg='period_average')
ind(d, '2.1', 'Tốc độ tăng trưởng GRDP bình quân (không tính Formosa)', 'grdp_growth', 'không tính Formosa đạt 7,5 - 8%',
    lo=7.5, hi=8, scope='không tính Formosa', agg='period_average', note='Double value with scope inside parentheses.')
ind(d, '2.1', 'GRDP bình quân đầu người đến năm 2025', 'grdp_per_capita',
    'GRDP bình quân đầu người đến năm 2025 đạt 85 - 90 triệu đồng', lo=85, hi=90, unit='million_vnd_per_person',
    unit_vi='triệu đồng', period=Y25, agg='end_of_period')
ind(d, '2.1', 'Tổng vốn đầu tư toàn xã hội cả giai đoạn', 'total_social_investment',
    'Tổng vốn đầu tư toàn xã hội cả giai đoạn khoảng 240 - 260 nghìn tỷ đồng', lo=240000, hi=260000, cmp='approx',
    unit='billion_vnd', unit_vi='nghìn tỷ đồng', agg='cumulative', note="'cả giai đoạn': cumulative over 2021-2025; nghìn tỷ x 1000.")
ind(d, '2.1', 'Thu ngân sách nhà nước trên địa bàn tăng bình quân', 'state_budget_revenue_growth',
    'Thu ngân sách nhà nước trên địa bàn tăng bình quân 10 - 12%/năm', lo=10, hi=12, unit_vi='%/năm', agg='period_average')
ind(d, '2.1', 'Thu ngân sách nhà nước trên địa bàn năm 2025', 'state_budget_revenue', 'năm 2025: 22.000 tỷ đồng', 22000,
    unit='billion_vnd', unit_vi='tỷ đồng', period=Y25, agg='annual', note="'(năm 2025: ...)': the level of the final year.")
ind(d, '2.1', 'Kim ngạch xuất khẩu đến năm 2025', 'export_turnover', 'Kim ngạch xuất khẩu đến năm 2025 vượt 3,5 tỷ USD', 3500,
    cmp='gt', unit='million_usd', unit_vi='tỷ USD', period=Y25, agg='end_of_period')
ind(d, '2.1', 'Tỷ lệ đô thị hóa đến năm 2025', 'urbanization_rate', 'Tỷ lệ đô thị hóa đến năm 2025 đạt 30 - 32%', lo=30, hi=32,
    period=Y25, agg='end_of_period')
ind(d, '2.2', 'Tỷ lệ lao động qua đào tạo đến năm 2025', 'trained_labour_rate',
    'Tỷ lệ lao động qua đào tạo đến năm 2025 đạt 75%', 75, unit='percent_of_labour_force', period=Y25, agg='end_of_period')
ind(d, '2.2', 'lao động qua đào tạo có văn bằng, chứng chỉ', 'trained_labour_certified_rate', 'có văn bằng, chứng chỉ đạt 30%', 30,
    unit='percent_of_labour_force', period=Y25, agg='end_of_period')
ind(d, '2.2', 'Tỷ lệ hộ nghèo giảm bình quân', 'poor_household_rate_reduction',
    'Tỷ lệ hộ nghèo theo chuẩn giai đoạn 2021 - 2025 giảm bình quân 1 - 1,5%/năm', lo=1, hi=1.5, cmp='reduce_by',
    unit='percentage_points', unit_vi='%/năm', agg='period_average')
ind(d, '2.2', 'số bác sĩ trên 1 vạn dân', 'doctors_per_10k', 'số bác sĩ trên 1 vạn dân đạt 12 bác sĩ', 12,
    unit='doctors_per_10k', unit_vi='bác sĩ/vạn dân', period=Y25, agg='end_of_period', note="'trên 1 vạn dân' is the denominator.")
ind(d, '2.2', 'số giường bệnh trên 1 vạn dân', 'hospital_beds_per_10k', 'số giường bệnh trên 1 vạn dân đạt 32 giường', 32,
    unit='beds_per_10k', unit_vi='giường bệnh/vạn dân', period=Y25, agg='end_of_period')
ind(d, '2.2', 'số xã đạt chuẩn nông thôn mới nâng cao (tỷ lệ)', 'advanced_new_rural_communes_share',
    'có ít nhất 50% số xã đạt chuẩn nông thôn mới nâng cao', 50, cmp='ge', unit='percent_of_communes', unit_vi='% xã',
    period=Y25, agg='end_of_period')
ind(d, '2.3', 'Tỷ lệ che phủ rừng', 'forest_cover', 'Tỷ lệ che phủ rừng duy trì ổn định trên 52%', 52, cmp='gt')
ind(d, '2.3', 'Tỷ lệ dân số nông thôn được sử dụng nước sạch theo quy chuẩn', 'clean_water_population_rural',
    'Tỷ lệ dân số nông thôn được sử dụng nước sạch theo quy chuẩn đạt tối thiểu 60%', 60, cmp='ge', unit='percent_of_population',
    scope='rural')

# ---------------------------------------------------------------- H04 Cần Thơ 2025 (annex table after the signature)
d = H04
C4 = 'Table cell of the plan column (Kế hoạch năm 2025); the estimate column (Ước TH năm 2024) is a past result.'
ind(d, '1', 'Tốc độ tăng trưởng tổng sản phẩm trên địa bàn (GRDP)', 'grdp_growth', 'Tối thiểu 9', 9, cmp='ge', row='1\tTốc độ', note=C4)
ind(d, '2', 'GRDP bình quân đầu người', 'grdp_per_capita', '122', 122, unit='million_vnd_per_person', unit_vi='triệu đồng',
    row='2\tGRDP', note=C4)
ind(d, '3', 'Kim ngạch xuất khẩu hàng hóa', 'export_turnover', '2,8', 2800, unit='million_usd', unit_vi='tỷ USD',
    row='3\tKim ngạch', note=C4 + " Unit column 'Tỷ USD': 2,8 x 1000 million_usd.")
ind(d, '4', 'Tổng thu ngân sách nhà nước trên địa bàn', 'state_budget_revenue', '15.580', 15580, unit='billion_vnd',
    unit_vi='tỷ đồng', row='4\tTổng thu', note=C4)
ind(d, '5', 'Tổng vốn đầu tư phát triển toàn xã hội', 'total_social_investment', 'Khoảng 62', 62000, cmp='approx',
    unit='billion_vnd', unit_vi='nghìn tỷ đồng', row='5\tTổng vốn', note=C4 + " Unit column 'Nghìn tỷ đồng': x 1000.")
ind(d, '6', 'Tổng lượt khách du lịch', 'tourist_arrivals', '10', 10000000, unit='tourist_arrivals', unit_vi='triệu lượt khách',
    row='6\tTổng lượt', note=C4 + " Unit column 'Triệu lượt': x 1.000.000.")
ind(d, '7', 'Tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều', 'poor_household_rate', 'Dưới 0,5', 0.5, cmp='lt',
    unit='percent_of_households', row='7\tTỷ lệ hộ nghèo', note=C4)
ind(d, '8', 'Số giường bệnh/vạn dân', 'hospital_beds_per_10k', '43', 43, unit='beds_per_10k', unit_vi='giường bệnh/vạn dân',
    row='8\tSố giường', note=C4)
ind(d, '9', 'Tỷ lệ dân số tham gia bảo hiểm y tế', 'health_insurance_coverage', '95', 95, unit='percent_of_population',
    row='9\tTỷ lệ dân số', note=C4)
ind(d, '10', 'Tỷ lệ lao động qua đào tạo', 'trained_labour_rate', 'Trên 73', 73, cmp='gt', unit='percent_of_labour_force',
    row='10\tTỷ lệ lao động', note=C4)
ind(d, '11', 'Tỷ lệ chất thải rắn sinh hoạt đô thị được thu gom, xử lý', 'solid_waste_collection_treatment_rate_urban', '100', 100,
    scope='urban', row='11\tTỷ lệ chất thải', note=C4)

# ---------------------------------------------------------------- H06 Bình Dương 2024 (hard-wrapped, 'Điều 2' heading, '-' bullets)
d = H06
WRAP = 'Text crosses a hard line break of the PDF-like layout.'
ind(d, '-', 'Tổng sản phẩm trên địa bàn (GRDP) tăng', 'grdp_growth', 'Tổng sản phẩm trên địa bàn (GRDP) tăng khoảng 7 - 7,5%',
    lo=7, hi=7.5, cmp='approx', note="'so với năm 2023' is the baseline year, not a value.")
ind(d, '-', 'GRDP bình quân đầu người', 'grdp_per_capita', 'GRDP bình quân đầu người đạt khoảng 185 triệu đồng', 185,
    cmp='approx', unit='million_vnd_per_person', unit_vi='triệu đồng')
ind(d, '-', 'Chỉ số sản xuất công nghiệp (IIP) tăng', 'industrial_production_index_growth',
    'Chỉ số sản xuất công nghiệp (IIP) tăng 8 - 8,5%', lo=8, hi=8.5)
ind(d, '-', 'Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng tăng', 'retail_sales_growth',
    'Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng tăng 15%', 15)
ind(d, '-', 'Kim ngạch xuất khẩu tăng', 'export_turnover_growth', 'Kim ngạch xuất khẩu tăng 10 - 12%', lo=10, hi=12)
ind(d, '-', 'thu hút vốn đầu tư trực tiếp nước ngoài', 'fdi_attraction',
    'thu hút vốn đầu tư trực tiếp nước ngoài vượt 1,2 tỷ USD', 1200, cmp='gt', unit='million_usd', unit_vi='tỷ USD', note=WRAP)
ind(d, '-', 'Tổng thu ngân sách nhà nước trên địa bàn', 'state_budget_revenue',
    'Tổng thu ngân sách nhà nước trên địa bàn đạt 66.000 tỷ đồng', 66000, unit='billion_vnd', unit_vi='tỷ đồng')
ind(d, '-', 'Tỷ lệ đô thị hóa', 'urbanization_rate', 'Tỷ lệ đô thị hóa đạt 85,5%', 85.5)
ind(d, '-', 'Tỷ lệ thất nghiệp khu vực thành thị', 'urban_unemployment_rate',
    'Tỷ lệ thất nghiệp khu vực thành thị ở mức dưới 2,5%', 2.5, cmp='lt', unit='percent_of_labour_force')
ind(d, '-', 'tỷ lệ tham gia bảo hiểm xã hội so với lực lượng lao động trong độ tuổi', 'social_insurance_coverage',
    'tỷ lệ tham gia bảo hiểm xã hội so với lực lượng lao động trong độ tuổi đạt trên 52%', 52, cmp='gt',
    unit='percent_of_labour_force', unit_vi='% lực lượng lao động trong độ tuổi', note=WRAP)
ind(d, '-', 'Số bác sĩ/1 vạn dân', 'doctors_per_10k', 'Số bác sĩ đạt 10 bác sĩ/1 vạn dân', 10, unit='doctors_per_10k',
    unit_vi='bác sĩ/vạn dân', note="'1 vạn dân' is the denominator.")
ind(d, '-', 'tỷ lệ hộ nghèo theo chuẩn của tỉnh', 'poor_household_rate', 'tỷ lệ hộ nghèo theo chuẩn của tỉnh giảm còn dưới 0,3%',
    0.3, cmp='lt', unit='percent_of_households', note=WRAP + " 'giảm còn dưới': level below 0,3%.")

# ================================================================ citations and document records
def locate_first(doc, text):
    m = pattern(text).search(DOCS[doc])
    assert m, (doc[:3], text)
    return m.group(0), [m.start(), m.end()]

def cit(doc, kind, number, date, text, note=None):
    found, span = locate_first(doc, text)
    return {'number': number, 'kind': kind, 'date': date, 'text': found, 'span': span, 'note': note}

L15 = ('Luật', None, '2015-06-19', 'Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015')
LNS = ('Luật', None, '2015-06-25', 'Luật Ngân sách nhà nước ngày 25 tháng 6 năm 2015')
C = {H01: [cit(H01, *L15), cit(H01, *LNS),
           cit(H01, 'Luật', None, '2019-06-13', 'Luật Đầu tư công ngày 13 tháng 6 năm 2019'),
           cit(H01, 'Nghị quyết', '13/NQ-HĐND', '2020-12-09', 'Nghị quyết số 13/NQ-HĐND ngày 09 tháng 12 năm 2020'),
           cit(H01, 'Tờ trình', '412/TTr-UBND', '2023-11-20', 'Tờ trình số 412/TTr-UBND ngày 20 tháng 11 năm 2023')],
     H02: [cit(H02, 'Luật', '72/2025/QH15', None, 'Luật Tổ chức chính quyền địa phương số 72/2025/QH15'),
           cit(H02, 'Nghị quyết', '202/2025/QH15', '2025-06-12', 'Nghị quyết số 202/2025/QH15 ngày 12 tháng 6 năm 2025'),
           cit(H02, 'Tờ trình', '318/TTr-UBND', '2025-11-25', 'Tờ trình số 318/TTr-UBND ngày 25 tháng 11 năm 2025')],
     H03: [cit(H03, *L15),
           cit(H03, 'Luật', '21/2017/QH14', None, 'Luật Quy hoạch số 21/2017/QH14'),
           cit(H03, 'Tờ trình', '455/TTr-UBND', '2020-11-30', 'Tờ trình số 455/TTr-UBND ngày 30 tháng 11 năm 2020')],
     H04: [cit(H04, *L15),
           cit(H04, 'Nghị quyết', '59-NQ/TW', '2022-08-05', 'Nghị quyết số 59-NQ/TW ngày 05 tháng 8 năm 2022'),
           cit(H04, 'Tờ trình', '255/TTr-UBND', '2024-11-18', 'Tờ trình số 255/TTr-UBND ngày 18 tháng 11 năm 2024')],
     H05: [],
     H06: [cit(H06, *L15), cit(H06, *LNS, note='Text crosses a hard line break.'),
           cit(H06, 'Tờ trình', '6120/TTr-UBND', '2023-11-24', 'Tờ trình số 6120/TTr-UBND ngày 24 tháng 11 năm 2023')]}

def res(doc, doc_type, heading, title, issuer, province, term, session, adopted, effective, period, signer,
        report_number=None, report_date=None, scope='full document'):
    found, _ = locate_first(doc, title)
    return {'doc': doc, 'doc_type': doc_type, 'heading': heading, 'title': found, 'issuer': issuer,
            'province': province, 'term': term, 'session': session, 'adopted': adopted, 'effective': effective,
            'period_start': period[0], 'period_end': period[1], 'signer': signer, 'report_number': report_number,
            'report_date': report_date, 'citations_scope': scope, 'cited_documents': C[doc]}

SELF = "full document; the resolution's own number in the heading of its annex is not a citation"
RES = [
 res(H01, 'resolution', 'NGHỊ QUYẾT', 'Về kế hoạch phát triển kinh tế - xã hội năm 2024', 'Hội đồng nhân dân tỉnh Tiền Giang',
     'Tiền Giang', 'X', 11, '2023-12-08', '2023-12-08', (2024, 2024), 'Võ Văn Bình'),
 res(H02, 'resolution', 'NGHỊ QUYẾT', 'Về kế hoạch phát triển kinh tế - xã hội năm 2026', 'Hội đồng nhân dân tỉnh Vĩnh Long',
     'Vĩnh Long', 'X', 6, '2025-12-10', '2025-12-10', (2026, 2026), 'Phạm Minh Trí'),
 res(H03, 'resolution', 'NGHỊ QUYẾT', 'Về kế hoạch phát triển kinh tế - xã hội 5 năm 2021 - 2025', 'Hội đồng nhân dân tỉnh Hà Tĩnh',
     'Hà Tĩnh', 'XVII', 18, '2020-12-15', '2021-01-01', (2021, 2025), 'Hoàng Trung Dũng'),
 res(H04, 'resolution', 'NGHỊ QUYẾT', 'VỀ KẾ HOẠCH PHÁT TRIỂN KINH TẾ - XÃ HỘI NĂM 2025', 'Hội đồng nhân dân thành phố Cần Thơ',
     'Cần Thơ', 'X', 20, '2024-12-06', '2024-12-06', (2025, 2025), 'Phạm Văn Hiểu', scope=SELF),
 res(H05, 'report_annex', 'PHỤ LỤC 3', 'KẾT QUẢ THỰC HIỆN CÁC CÔNG TRÌNH, DỰ ÁN TRỌNG ĐIỂM NĂM 2024',
     'Ban Thường vụ Tỉnh ủy Đồng Tháp', 'Đồng Tháp', None, None, None, None, (2024, 2024), None,
     report_number='412-BC/TU', report_date='2024-11-25',
     scope='full document; the parent report (Báo cáo số 412-BC/TU) is the annex itself, not a citation'),
 res(H06, 'resolution', 'NGHỊ QUYẾT', 'Về nhiệm vụ phát triển kinh tế - xã hội năm 2024', 'Hội đồng nhân dân tỉnh Bình Dương',
     'Bình Dương', 'X', 13, '2023-12-12', '2023-12-12', (2024, 2024), 'Phạm Văn Chánh'),
]
DOC_DATE = {r['doc']: r['adopted'] or r['report_date'] for r in RES}

# ================================================================ projects and mentions
def mention(doc, section, quote, surface, action, is_target, other=(), deadline=None, progress=None, phase=None,
            component=None, note=None):
    found, span = locate(doc, quote)
    if surface:
        assert ' '.join(nfc(surface).split()) in ' '.join(found.split()), (doc[:3], surface)
    return {'doc': doc, 'doc_date': DOC_DATE[doc], 'section': section, 'quote': found, 'quote_continuation': None,
            'span': span, 'continuation_span': None, 'surface': nfc(surface) if surface else None, 'action': action,
            'other_actions': list(other), 'is_target': is_target, 'deadline': deadline, 'progress': progress,
            'phase': phase, 'component': component, 'note': note}

def project(pid, name, ptype, province, localities, aliases, attributes, notes, mentions):
    return {'id': pid, 'name': nfc(name), 'type': ptype, 'province': province, 'localities': localities,
            'aliases': [nfc(a) for a in aliases], 'attributes': attributes, 'notes': notes, 'mentions': mentions}

ANA = 'anaphoric: a cell of the row about this project, without its name'
P = [
 project('cau-rach-mieu-2', 'Cầu Rạch Miễu 2', 'bridge', 'Vĩnh Long', ['Tiền Giang', 'Bến Tre (cũ)'],
         ['Cầu Rạch Miễu 2', 'cầu Rạch Miễu 2', 'dự án cầu Rạch Miễu 2'],
         {'provinces': ['Tiền Giang', 'Vĩnh Long'], 'crosses': 'sông Tiền'},
         'Joins Tiền Giang and the former Bến Tre (Vĩnh Long from 2025-07-01): one project whichever province names it.',
         [mention(H01, 'Điều 2, mục 3.a', 'đẩy nhanh tiến độ dự án cầu Rạch Miễu 2, phấn đấu hoàn thành năm 2025', 'cầu Rạch Miễu 2',
                  'accelerate', True, other=['complete'], deadline='2025'),
          mention(H02, 'Điều 1, mục I', 'Cầu Rạch Miễu 2 (tỉnh Bến Tre cũ) đã được khánh thành, đưa vào sử dụng', 'Cầu Rạch Miễu 2',
                  'inaugurate', False, other=['put_into_operation'], note="'(tỉnh Bến Tre cũ)' states the former province"),
          mention(H02, 'Điều 1, mục III.1', 'khai thác hiệu quả cầu Rạch Miễu 2 (tỉnh Bến Tre cũ)', 'cầu Rạch Miễu 2',
                  'put_into_operation', True, note='operate the bridge effectively')]),
 project('cao-toc-cao-lanh-an-huu', 'Đường cao tốc Cao Lãnh - An Hữu', 'road', 'Đồng Tháp', ['Đồng Tháp', 'Tiền Giang'],
         ['Đường cao tốc Cao Lãnh - An Hữu', 'đường cao tốc Cao Lãnh - An Hữu', 'cao tốc Cao Lãnh - An Hữu',
          'dự án đường cao tốc Cao Lãnh - An Hữu'], {'provinces': ['Đồng Tháp', 'Tiền Giang']},
         'Runs through Đồng Tháp and Tiền Giang.',
         [mention(H01, 'Điều 2, mục 3.a', 'hoàn thành công tác bồi thường, giải phóng mặt bằng dự án đường cao tốc Cao Lãnh - An Hữu đoạn qua tỉnh Tiền Giang',
                  'đường cao tốc Cao Lãnh - An Hữu', 'site_clearance', True, other=['complete']),
          mention(H05, 'Phụ lục, dòng 1, cột Nhiệm vụ', 'Phối hợp triển khai dự án đường cao tốc Cao Lãnh - An Hữu giai đoạn 1',
                  'đường cao tốc Cao Lãnh - An Hữu', 'support', True, phase='giai đoạn 1'),
          mention(H05, 'Phụ lục, dòng 1, cột Kết quả', 'Đoạn qua tỉnh Đồng Tháp đã bàn giao 100% mặt bằng; sản lượng thi công đạt khoảng 45% giá trị hợp đồng.',
                  None, 'under_construction', False, other=['site_clearance'], progress='100% mặt bằng; 45% giá trị hợp đồng', note=ANA),
          mention(H05, 'Phụ lục, dòng 1, cột Ghi chú', 'Phấn đấu thông xe kỹ thuật năm 2026', None, 'put_into_operation', True,
                  deadline='2026', note=ANA)]),
 project('cao-toc-trung-luong-my-thuan', 'Đường cao tốc Trung Lương - Mỹ Thuận', 'road', 'Tiền Giang', ['Tiền Giang'],
         ['Đường cao tốc Trung Lương - Mỹ Thuận', 'cao tốc Trung Lương - Mỹ Thuận', 'tuyến cao tốc Trung Lương - Mỹ Thuận'], {}, None,
         [mention(H01, 'Điều 1', 'Tuyến cao tốc Trung Lương - Mỹ Thuận đã được đưa vào khai thác toàn tuyến',
                  'cao tốc Trung Lương - Mỹ Thuận', 'put_into_operation', False)]),
 project('dt-864-tien-giang', 'Đường tỉnh 864', 'road', 'Tiền Giang', [], ['Đường tỉnh 864', 'ĐT.864', 'ĐT 864'], {}, None,
         [mention(H01, 'Điều 2, mục 3.a', 'khởi công dự án nâng cấp Đường tỉnh 864 trong quý II/2024', 'Đường tỉnh 864',
                  'start_construction', True, deadline='2024-Q2')]),
 project('kcn-long-giang', 'Khu công nghiệp Long Giang', 'industrial_park', 'Tiền Giang', ['Tân Phước'],
         ['Khu công nghiệp Long Giang', 'KCN Long Giang'], {}, None,
         [mention(H01, 'Điều 2, mục 3.b', 'tập trung thu hút đầu tư lấp đầy Khu công nghiệp Long Giang', 'Khu công nghiệp Long Giang',
                  'attract_investment', True)]),
 project('kcn-tan-phuoc-1', 'Khu công nghiệp Tân Phước 1', 'industrial_park', 'Tiền Giang', ['Tân Phước'],
         ['Khu công nghiệp Tân Phước 1', 'KCN Tân Phước 1'], {}, None,
         [mention(H01, 'Điều 2, mục 3.b', 'Khu công nghiệp Tân Phước 1', 'Khu công nghiệp Tân Phước 1', 'attract_investment', True,
                  note="second object of 'thu hút đầu tư lấp đầy ... và ...'")]),
 project('cau-dinh-khao', 'Cầu Đình Khao', 'bridge', 'Vĩnh Long', ['Vĩnh Long', 'Bến Tre (cũ)'], ['Cầu Đình Khao', 'cầu Đình Khao'],
         {}, None,
         [mention(H02, 'Điều 1, mục I', 'cầu Đình Khao đang được tập trung thi công các trụ chính', 'cầu Đình Khao',
                  'under_construction', False, progress='thi công các trụ chính'),
          mention(H02, 'Điều 1, mục III.1', 'hoàn thành cầu Đình Khao trong quý III/2026', 'cầu Đình Khao', 'complete', True,
                  deadline='2026-Q3')]),
 project('cau-can-tho-2', 'Cầu Cần Thơ 2', 'bridge', 'Cần Thơ', ['Cần Thơ', 'Vĩnh Long'], ['Cầu Cần Thơ 2', 'cầu Cần Thơ 2', 'dự án cầu Cần Thơ 2'],
         {'provinces': ['Cần Thơ', 'Vĩnh Long']}, 'Joins Cần Thơ and Vĩnh Long across the Hậu river.',
         [mention(H02, 'Điều 1, mục III.1', 'hoàn thiện thủ tục đầu tư dự án cầu Cần Thơ 2', 'cầu Cần Thơ 2', 'prepare_investment', True),
          mention(H04, 'Điều 3, mục 1', 'nghiên cứu đầu tư cầu Cần Thơ 2', 'cầu Cần Thơ 2', 'study', True)]),
 project('kcn-phu-thuan', 'Khu công nghiệp Phú Thuận', 'industrial_park', 'Vĩnh Long', ['Bình Đại'],
         ['Khu công nghiệp Phú Thuận', 'KCN Phú Thuận'], {'former_province': 'Bến Tre'}, None,
         [mention(H02, 'Điều 1, mục III.2', 'kêu gọi nhà đầu tư thứ cấp vào Khu công nghiệp Phú Thuận (tỉnh Bến Tre cũ)',
                  'Khu công nghiệp Phú Thuận', 'attract_investment', True)]),
 project('kkt-dinh-an', 'Khu kinh tế Định An', 'economic_zone', 'Vĩnh Long', ['Trà Vinh (cũ)'], ['Khu kinh tế Định An', 'KKT Định An'],
         {'former_province': 'Trà Vinh'}, None,
         [mention(H02, 'Điều 1, mục III.2', 'hoàn thiện hạ tầng Khu kinh tế Định An', 'Khu kinh tế Định An', 'complete', True,
                  other=['attract_investment'])]),
 project('kkt-vung-ang', 'Khu kinh tế Vũng Áng', 'economic_zone', 'Hà Tĩnh', ['Kỳ Anh'], ['Khu kinh tế Vũng Áng', 'KKT Vũng Áng'], {}, None,
         [mention(H03, 'Điều 1, mục 1', 'phát triển Khu kinh tế Vũng Áng trở thành trung tâm công nghiệp', 'Khu kinh tế Vũng Áng',
                  'plan', True),
          mention(H03, 'Điều 1, mục 3.a', 'thu hút đầu tư vào Khu kinh tế Vũng Áng', 'Khu kinh tế Vũng Áng', 'attract_investment', True)]),
 project('nhiet-dien-vung-ang-2', 'Nhà máy nhiệt điện Vũng Áng II', 'power_plant', 'Hà Tĩnh', ['Kỳ Anh'],
         ['Nhà máy nhiệt điện Vũng Áng II', 'Nhiệt điện Vũng Áng 2', 'dự án Nhà máy nhiệt điện Vũng Áng II'], {}, None,
         [mention(H03, 'Điều 1, mục 3.a', 'đẩy nhanh tiến độ dự án Nhà máy nhiệt điện Vũng Áng II', 'Nhà máy nhiệt điện Vũng Áng II',
                  'accelerate', True)]),
 project('cang-son-duong', 'Cảng Sơn Dương', 'port', 'Hà Tĩnh', ['Kỳ Anh'], ['Cảng Sơn Dương', 'cảng Sơn Dương'], {}, None,
         [mention(H03, 'Điều 1, mục 3.a', 'phát triển cảng Sơn Dương theo hướng cảng tổng hợp, container', 'cảng Sơn Dương', 'plan', True)]),
 project('cao-toc-bac-nam-ha-tinh', 'Đường cao tốc Bắc - Nam phía Đông (đoạn qua tỉnh Hà Tĩnh)', 'road', 'Hà Tĩnh', [],
         ['đường cao tốc Bắc - Nam phía Đông', 'cao tốc Bắc - Nam phía Đông'], {}, None,
         [mention(H03, 'Điều 1, mục 3.b', 'hoàn thành giải phóng mặt bằng đường cao tốc Bắc - Nam phía Đông đoạn qua tỉnh Hà Tĩnh',
                  'đường cao tốc Bắc - Nam phía Đông', 'site_clearance', True, other=['complete'])]),
 project('cao-toc-can-tho-ca-mau', 'Đường cao tốc Cần Thơ - Cà Mau', 'road', 'Cần Thơ', ['Cần Thơ', 'Hậu Giang', 'Cà Mau'],
         ['Đường cao tốc Cần Thơ - Cà Mau', 'cao tốc Cần Thơ - Cà Mau'], {}, None,
         [mention(H04, 'Điều 3, mục 1', 'hoàn thành, đưa vào khai thác đoạn cao tốc Cần Thơ - Cà Mau trong năm 2025',
                  'cao tốc Cần Thơ - Cà Mau', 'put_into_operation', True, other=['complete'], deadline='2025')]),
 project('cao-toc-chau-doc-can-tho-soc-trang', 'Đường cao tốc Châu Đốc - Cần Thơ - Sóc Trăng', 'road', 'Cần Thơ',
         ['An Giang', 'Cần Thơ', 'Hậu Giang', 'Sóc Trăng'],
         ['Đường cao tốc Châu Đốc - Cần Thơ - Sóc Trăng', 'đường cao tốc Châu Đốc - Cần Thơ - Sóc Trăng',
          'cao tốc Châu Đốc - Cần Thơ - Sóc Trăng'], {}, None,
         [mention(H04, 'Điều 3, mục 1', 'đẩy nhanh tiến độ dự án đường cao tốc Châu Đốc - Cần Thơ - Sóc Trăng giai đoạn 1',
                  'đường cao tốc Châu Đốc - Cần Thơ - Sóc Trăng', 'accelerate', True, phase='giai đoạn 1')]),
 project('kcn-vinh-thanh', 'Khu công nghiệp Vĩnh Thạnh', 'industrial_park', 'Cần Thơ', ['Vĩnh Thạnh'],
         ['Khu công nghiệp Vĩnh Thạnh', 'KCN Vĩnh Thạnh'], {}, None,
         [mention(H04, 'Điều 3, mục 2', 'hoàn thiện hạ tầng Khu công nghiệp Vĩnh Thạnh', 'Khu công nghiệp Vĩnh Thạnh', 'complete', True,
                  other=['attract_investment'])]),
 project('cao-toc-my-an-cao-lanh', 'Đường cao tốc Mỹ An - Cao Lãnh', 'road', 'Đồng Tháp', ['Đồng Tháp'],
         ['Đường cao tốc Mỹ An - Cao Lãnh', 'đường cao tốc Mỹ An - Cao Lãnh', 'cao tốc Mỹ An - Cao Lãnh'], {}, None,
         [mention(H05, 'Phụ lục, dòng 2, cột Nhiệm vụ', 'Khởi công dự án đường cao tốc Mỹ An - Cao Lãnh', 'đường cao tốc Mỹ An - Cao Lãnh',
                  'start_construction', True),
          mention(H05, 'Phụ lục, dòng 2, cột Kết quả', 'Đã hoàn thành báo cáo nghiên cứu khả thi; đang thẩm định thiết kế kỹ thuật.',
                  None, 'prepare_investment', False, note=ANA),
          mention(H05, 'Phụ lục, dòng 2, cột Ghi chú', 'Chủ đầu tư đã trình điều chỉnh tổng mức đầu tư', None, 'prepare_investment', False,
                  note=ANA)]),
 project('dt-848-dong-thap', 'Đường tỉnh 848', 'road', 'Đồng Tháp', ['Sa Đéc'], ['Đường tỉnh 848', 'ĐT.848', 'ĐT 848'], {}, None,
         [mention(H05, 'Phụ lục, dòng 3, cột Nhiệm vụ', 'Hoàn thành nâng cấp, mở rộng ĐT.848 đoạn qua thành phố Sa Đéc', 'ĐT.848',
                  'complete', True),
          mention(H05, 'Phụ lục, dòng 3, cột Kết quả', 'Cơ bản hoàn thành phần nền, mặt đường; đang thi công hệ thống thoát nước, chiếu sáng.',
                  None, 'under_construction', False, progress='nền, mặt đường cơ bản xong', note=ANA),
          mention(H05, 'Phụ lục, dòng 3, cột Ghi chú', 'Đưa vào sử dụng trong quý I/2025', None, 'put_into_operation', True,
                  deadline='2025-Q1', note=ANA)]),
 project('kcn-tan-kieu', 'Khu công nghiệp Tân Kiều', 'industrial_park', 'Đồng Tháp', ['Tháp Mười'],
         ['Khu công nghiệp Tân Kiều', 'KCN Tân Kiều'], {}, None,
         [mention(H05, 'Phụ lục, dòng 4, cột Nhiệm vụ', 'Kêu gọi nhà đầu tư hạ tầng Khu công nghiệp Tân Kiều', 'Khu công nghiệp Tân Kiều',
                  'attract_investment', True),
          mention(H05, 'Phụ lục, dòng 4, cột Kết quả', 'Đã lựa chọn được nhà đầu tư; thực hiện bồi thường 120 ha/206 ha, đạt 58,3%.',
                  None, 'site_clearance', False, other=['attract_investment'], progress='bồi thường 120 ha/206 ha (58,3%)', note=ANA)]),
 project('kcn-sa-dec', 'Khu công nghiệp Sa Đéc', 'industrial_park', 'Đồng Tháp', ['Sa Đéc'], ['Khu công nghiệp Sa Đéc', 'KCN Sa Đéc'],
         {}, None,
         [mention(H05, 'Phụ lục, dòng 5, cột Nhiệm vụ', 'Mở rộng KCN Sa Đéc', 'KCN Sa Đéc', 'plan', True, component='mở rộng'),
          mention(H05, 'Phụ lục, dòng 5, cột Kết quả', 'Chưa thực hiện do vướng quy hoạch sử dụng đất.', None, 'report_progress', False,
                  progress='chưa thực hiện', note=ANA),
          mention(H05, 'Phụ lục, dòng 5, cột Ghi chú', 'Chuyển sang năm 2025', None, 'plan', True, deadline='2025',
                  note=ANA + '; the task is moved to 2025')]),
 project('vanh-dai-3-tphcm-binh-duong', 'Đường Vành đai 3 Thành phố Hồ Chí Minh (đoạn qua tỉnh Bình Dương)', 'road', 'Bình Dương',
         ['Thành phố Hồ Chí Minh', 'Bình Dương'],
         ['đường Vành đai 3 Thành phố Hồ Chí Minh', 'Vành đai 3 Thành phố Hồ Chí Minh', 'Vành đai 3', 'đường Vành đai 3 TP.HCM'],
         {'construction_start': '2023-06'}, None,
         [mention(H06, 'Điều 1', 'dự án đường Vành đai 3 Thành phố Hồ Chí Minh đoạn qua tỉnh Bình Dương đã khởi công từ tháng 6/2023',
                  'đường Vành đai 3 Thành phố Hồ Chí Minh', 'start_construction', False, note='quote crosses a hard line break'),
          mention(H06, 'Điều 3, mục 2', 'Đẩy nhanh tiến độ thi công đường Vành đai 3 Thành phố Hồ Chí Minh đoạn qua tỉnh Bình Dương, phấn đấu hoàn thành năm 2025',
                  'đường Vành đai 3 Thành phố Hồ Chí Minh', 'accelerate', True, other=['complete'], deadline='2025',
                  note='quote crosses a hard line break')]),
 project('cao-toc-tphcm-thu-dau-mot-chon-thanh', 'Đường cao tốc Thành phố Hồ Chí Minh - Thủ Dầu Một - Chơn Thành', 'road', 'Bình Dương',
         ['Thành phố Hồ Chí Minh', 'Bình Dương', 'Bình Phước'],
         ['Đường cao tốc Thành phố Hồ Chí Minh - Thủ Dầu Một - Chơn Thành', 'đường cao tốc Thành phố Hồ Chí Minh - Thủ Dầu Một - Chơn Thành',
          'cao tốc TP.HCM - Thủ Dầu Một - Chơn Thành'], {}, None,
         [mention(H06, 'Điều 3, mục 2', 'khởi công đường cao tốc Thành phố Hồ Chí Minh - Thủ Dầu Một - Chơn Thành trong năm 2024',
                  'đường cao tốc Thành phố Hồ Chí Minh - Thủ Dầu Một - Chơn Thành', 'start_construction', True, deadline='2024',
                  note='quote and name cross a hard line break')]),
 project('vanh-dai-4-tphcm', 'Đường Vành đai 4 Thành phố Hồ Chí Minh', 'road', 'Bình Dương', ['Thành phố Hồ Chí Minh', 'Bình Dương'],
         ['Đường Vành đai 4 Thành phố Hồ Chí Minh', 'đường Vành đai 4 Thành phố Hồ Chí Minh', 'Vành đai 4'], {}, None,
         [mention(H06, 'Điều 3, mục 2', 'hoàn thiện hồ sơ dự án đường Vành đai 4 Thành phố Hồ Chí Minh',
                  'đường Vành đai 4 Thành phố Hồ Chí Minh', 'prepare_investment', True)]),
]

if __name__ == '__main__':
    os.makedirs(GOLD, exist_ok=True)
    for name, obj in (('resolutions.json', RES), ('indicators.json', IND), ('projects.json', {'projects': P, 'programmes': []})):
        with open(os.path.join(GOLD, name), 'w', encoding='utf-8') as f:
            json.dump(obj, f, ensure_ascii=False, indent=1); f.write('\n')
    from collections import Counter
    print('targets', dict(Counter(x['doc'][:3] for x in IND)), len(IND), 'numeric', sum(1 for x in IND if x['comparator']))
    print('citations', {r['doc'][:3]: len(r['cited_documents']) for r in RES})
    print('mentions', dict(Counter(m['doc'][:3] for p in P for m in p['mentions'])), sum(len(p['mentions']) for p in P), 'projects', len(P))
