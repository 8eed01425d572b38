# -*- coding: utf-8 -*-
"""Holdout copy of shared/dev/verify.py: the same checks; only the per-document tables (sections,
non-target phrases, session words, extra units and concepts) are the holdout's, and four checks are widened
(marked HOLDOUT) where these documents use forms the dev set lacks.

Independent checks of the dev gold against the dev documents. Exit code 1 on any failure.

usage: python3 verify.py [--gold DIR] [--docs DIR]
Checks: texts/quotes/citations at their spans; numbers written in a target text = value/min/max after unit
scaling; every number in a targets section is a target value or a listed non-target phrase; comparators agree
with cue words; document metadata present in the text; mention surfaces inside quotes and among the project's
aliases; project ids and aliases consistent across documents; vocabularies (actions, units, aggregation,
deadlines); new concept keys listed in concepts.tsv.
"""
import argparse, csv, glob, json, os, re, sys, unicodedata
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ap = argparse.ArgumentParser()
ap.add_argument('--gold', default=os.path.join(HERE, 'gold'))
ap.add_argument('--docs', default=os.path.join(HERE, 'docs'))
args = ap.parse_args()
nfc = lambda s: unicodedata.normalize('NFC', s)
RAW = {os.path.basename(p): open(p, encoding='utf-8').read() for p in glob.glob(os.path.join(args.docs, 'H??_*.txt'))}
DOC = {k: nfc(v) for k, v in RAW.items()}
load = lambda n: json.load(open(os.path.join(args.gold, n), encoding='utf-8'))
IND, RES, PRJ = load('indicators.json'), load('resolutions.json'), load('projects.json')
SHARED = os.environ.get('KG_SHARED', os.path.join(HERE, '..', '..', '..', 'shared'))  # HOLDOUT: seed gold and dev concepts live in shared/
SEED_CONCEPTS = {t['concept'] for t in json.load(open(os.path.join(SHARED, 'gold', 'indicators.json'), encoding='utf-8'))}
NEW_CONCEPTS = {r['key']: r for f in (os.path.join(SHARED, 'dev', 'concepts.tsv'), os.path.join(HERE, 'concepts.tsv'))
                for r in csv.DictReader(open(f, encoding='utf-8'), delimiter='\t')}
errors = []
def err(*a): errors.append(' '.join(map(str, a)))
ws = lambda s: ' '.join(s.split())
def fold(s):
    s = unicodedata.normalize('NFD', nfc(str(s)).lower().replace('đ', 'd'))
    return ' '.join(''.join(c for c in s if not unicodedata.combining(c)).split())

# ---------------------------------------------------------------- numbers
NUM = re.compile(r'(?<![\w.,])\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\w])|(?<![\w.,])\d+(?:,\d+)?(?![\w])')
def vn_numbers(text):
    return [float(t.replace('.', '').replace(',', '.')) for t in NUM.findall(text)]
SCALE = {('million_usd', 'tỷ usd'): 1000, ('billion_vnd', 'nghìn tỷ'): 1000, ('tourist_arrivals', 'triệu lượt'): 1e6}
def scale(o):
    t = o['text'].lower()
    s = DOC.get(o['doc'], '')
    a, b = o['span']
    line = s[s.rfind('\n', 0, a) + 1: s.find('\n', b) if s.find('\n', b) >= 0 else len(s)]
    if '\t' in line:  # HOLDOUT: a table cell takes its magnitude from the unit column of its row
        t = line.lower()
    for (unit, word), k in SCALE.items():
        if o['unit'] == unit and word in t:
            return k
    return 1
close = lambda a, b: abs(a - b) <= 1e-9 * max(1.0, abs(a))

# targets sections, non-target phrases and table columns to ignore (estimate/result columns, STT, header)
SECTION = {'H01': ('2. Các chỉ tiêu chủ yếu', '3. Nhiệm vụ, giải pháp chủ yếu'),
           'H02': ('2. Các chỉ tiêu chủ yếu (gồm 18 chỉ tiêu)', 'III. NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU'),
           'H03': ('2. Các chỉ tiêu chủ yếu', '3. Nhiệm vụ, giải pháp chủ yếu'),
           'H04': ('STT\tChỉ tiêu\tĐơn vị tính', None),
           'H06': ('Điều 2. Các chỉ tiêu chủ yếu năm 2024', 'Điều 3. Nhiệm vụ, giải pháp chủ yếu')}
NON_TARGET = {'H01': ['22 chỉ tiêu', '1 vạn dân'] + ['(%d)' % i for i in range(1, 11)],
              'H02': ['18 chỉ tiêu', 'so với cuối năm 2025'],
              'H03': ['2.1.', '2.2.', '2.3.', 'giai đoạn 2021 - 2025', 'đến năm 2025', 'Đến năm 2025', 'năm 2025:', '1 vạn dân'],
              'H04': [], 'H06': ['so với năm 2023', '1 vạn dân']}
SKIP_COLUMNS = ('STT', 'Ước thực hiện', 'Ước TH')
def section(doc):
    s = DOC[doc]; a0, b0 = SECTION[doc[:3]]
    if s.count(a0) != 1: err(doc[:3], 'section start marker not unique'); return 0, 0
    a = s.index(a0); b = s.index(b0, a) if b0 else len(s)
    return a, b
def section_numbers(doc):
    a, b = section(doc); sec = DOC[doc][a:b]
    lines = sec.split('\n')[1:]  # drop the section heading (or the table header when the section starts with it)
    heads = [l for l in sec.split('\n') if l.startswith('STT\t')]
    body = [l for l in lines if not l.startswith('STT\t')]
    if heads:  # table: drop ignored columns (STT, estimate of the past year) by header name
        keep = [i for i, h in enumerate(heads[0].split('\t')) if not h.startswith(SKIP_COLUMNS)]
        body = ['\t'.join(c for i, c in enumerate(l.split('\t')) if i in keep) if '\t' in l else l for l in body]
    text = '\n'.join(body)
    for p in NON_TARGET[doc[:3]]:
        text = text.replace(p, ' ')
    return vn_numbers(text)

# ---------------------------------------------------------------- indicators
CUE = {'ge': ('ít nhất', 'trở lên', 'tối thiểu', 'không dưới', 'không thấp hơn'), 'gt': ('trên', 'vượt'), 'approx': ('khoảng',),
       'lt': ('dưới',), 'le': ('tối đa', 'không quá'), 'reduce_by': ('giảm',)}
STRONG = ('ít nhất', 'trở lên', 'khoảng', 'dưới', 'tối thiểu', 'không dưới', 'không thấp hơn', 'vượt')
UNITS = {'percent', 'percent_of_population', 'percent_of_households', 'percent_of_labour_force', 'percent_of_communes',
         'percent_of_units', 'percent_of_grdp', 'percent_of_schools', 'percentage_points', 'billion_vnd', 'million_usd',
         'million_vnd_per_person', 'usd_per_person', 'communes', 'districts', 'enterprises', 'workers', 'tourist_arrivals', None,
         'doctors_per_10k', 'beds_per_10k'}  # HOLDOUT: the seed units of the per-10k concepts
AGG = {'annual', 'plan_period', 'period_average', 'per_year', 'end_of_period', 'cumulative'}
KEYS = ['doc', 'clause', 'label_vi', 'concept', 'value', 'min', 'max', 'comparator', 'unit', 'unit_vi', 'period_start',
        'period_end', 'scope', 'text', 'span', 'aggregation', 'items', 'note']
PERIOD = {r['doc']: (r['period_start'], r['period_end']) for r in RES}
used = defaultdict(list); concept_units = defaultdict(set)
for k, o in enumerate(IND):
    tag = '%s #%d %s %s' % (o.get('doc', '?')[:3], k, o.get('clause'), o.get('concept'))
    miss = [x for x in KEYS if x not in o]
    if miss: err(tag, 'missing keys', miss); continue
    doc = o['doc']
    if doc not in DOC: err(tag, 'unknown doc'); continue
    s = DOC[doc]; t = o['text']; a, b = o['span']
    if s[a:b] != t: err(tag, 'text not at span')
    sa, sb = section(doc)
    if not (sa <= a and b <= sb): err(tag, 'span outside targets section')
    if o['concept'] not in SEED_CONCEPTS and o['concept'] not in NEW_CONCEPTS: err(tag, 'concept not in seed gold nor concepts.tsv')
    if o['concept'] in NEW_CONCEPTS and NEW_CONCEPTS[o['concept']]['unit'] not in (o['unit'] or '-'): err(tag, 'unit differs from concepts.tsv')
    if o['unit'] not in UNITS: err(tag, 'unit not canonical', o['unit'])
    if o['aggregation'] not in AGG: err(tag, 'aggregation', o['aggregation'])
    ps, pe = PERIOD[doc]
    if not (ps <= o['period_start'] <= o['period_end'] <= pe): err(tag, 'period outside document period')
    if o['aggregation'] == 'end_of_period' and o['period_start'] != o['period_end']: err(tag, 'end_of_period needs one year')
    # numbers written in the text (after removing the document's non-target phrases) = value/min/max after scaling
    tt = t
    for p in NON_TARGET[doc[:3]]: tt = tt.replace(p, ' ')
    nums = [n * scale(o) for n in vn_numbers(tt)]
    vals = [o[f] for f in ('value', 'min', 'max') if o[f] is not None]
    c = o['comparator']
    if c is None:
        if vals or o['unit']: err(tag, 'qualitative target with numbers/unit')
        if nums: err(tag, 'qualitative target text contains numbers', nums)
    else:
        if sorted(nums) != sorted(vals) and not o['items']: err(tag, 'numbers in text', nums, '!= values', vals)
        used[doc] += vals
        if o['min'] is not None or c == 'range':
            if o['value'] is not None or o['min'] is None or o['max'] is None or not o['min'] < o['max']: err(tag, 'bad range')
            if c not in ('range', 'approx', 'reduce_by'): err(tag, 'min/max with comparator', c)
        elif o['value'] is None: err(tag, 'no value')
    low = t.lower()
    for p in NON_TARGET[doc[:3]]: low = low.replace(p.lower(), ' ')  # HOLDOUT: 'trên 1 vạn dân' is a denominator, not a cue
    if c in CUE and not any(w in low for w in CUE[c]): err(tag, 'comparator', c, 'without its cue word')
    if c in ('eq', 'range'):
        for w in STRONG:
            if w in low: err(tag, 'comparator', c, 'but text has', repr(w))
        if re.search(r'trên\s\d', low): err(tag, 'comparator', c, "but text has 'trên <number>'")
    if c == 'range' and len(nums) != 2: err(tag, 'range needs two numbers in the text')
    line = s[s.rfind('\n', 0, a) + 1: s.find('\n', b) if s.find('\n', b) >= 0 else len(s)]
    where = line if '\t' in line else t  # a table cell's scope is its row label
    if o['scope'] and o['scope'] not in ('urban', 'rural') and ws(o['scope']) not in ws(where): err(tag, 'scope not in text')
    concept_units[o['concept']].add(o['unit'])
for c, us in concept_units.items():
    if len(us) > 1 and c != 'grdp_per_capita': err('concept', c, 'has several units', us)
# completeness: every number in a targets section is covered by a target value or a non-target phrase
for doc in DOC:
    if doc[:3] not in SECTION: continue
    pool = list(used[doc])
    for n in section_numbers(doc):
        for i, v in enumerate(pool):
            # a scaled value (4,5 tỷ USD -> 4500) covers the written number
            if close(v, n) or close(v, n * 1000) or close(v, n * 1e6): pool.pop(i); break
        else:
            err(doc[:3], 'number in targets section not covered by any target:', n)
    if pool: err(doc[:3], 'target values not found among the section numbers:', pool)

# ---------------------------------------------------------------- documents and citations
MONTH_DATE = r'ngày\s+0?{d}\s+tháng\s+0?{m}\s+năm\s+{y}'
SLASH_DATE = r'ngày\s+0?{d}/0?{m}/{y}'
WORDS = {6: 'sáu', 11: 'mười một', 13: 'mười ba', 16: 'mười sáu', 17: 'mười bảy', 18: 'mười tám', 20: 'hai mươi', 25: 'hai mươi lăm', 35: 'ba mươi lăm'}
def has_date(s, iso, prefix=''):
    y, m, d = map(int, iso.split('-'))
    return any(re.search(prefix + p.format(d=d, m=m, y=y), s) for p in (MONTH_DATE, SLASH_DATE))
def header_date(s):
    m = re.search(r', ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})', s.split('\n\n')[0])
    return '%04d-%02d-%02d' % (int(m.group(3)), int(m.group(2)), int(m.group(1))) if m else None
if sorted(r['doc'] for r in RES) != sorted(DOC): err('resolutions.json does not list exactly the documents')
for r in RES:
    doc = r['doc']; s = DOC.get(doc, ''); tag = doc[:3]
    if r['title'] not in s: err(tag, 'title not in text')
    if r['province'] not in r['issuer'] or r['province'] not in s: err(tag, 'province')
    if r['signer'] and not re.search(r'CHỦ TỊCH\n(?:[^\n]*\n){0,8}\t?' + re.escape(r['signer']) + r'[ \t]*(?:\n|$)', s): err(tag, 'signer not under CHỦ TỊCH')
    if not r['signer'] and 'CHỦ TỊCH\n' in s: err(tag, 'signature block but no signer')
    if r['term'] and not re.search(r'KHÓA %s\b' % r['term'], s): err(tag, 'term not in heading')
    if r['session']:
        n = r['session']
        in_words = re.search(r'kỳ\s+họp\s+thứ\s+%s\b' % r'\s+'.join(WORDS.get(n, '#').split()), s, re.I)  # HOLDOUT: session in words
        if not re.search(r'KỲ HỌP THỨ %d\b' % n, s, re.I) and not re.search(r'kỳ họp thứ\s+%d\b' % n, s, re.I) and not in_words:
            err(tag, 'session')
    if r['adopted'] and not has_date(s, r['adopted'], r'thông qua\s+'): err(tag, 'adopted date')
    if not r['adopted'] and re.search(r'thông qua\s+ngày', s): err(tag, 'adoption date written but not recorded')
    if r['effective']:
        ok = has_date(s, r['effective'], r'hiệu lực[^.]{0,20}?từ\s+')
        ok = ok or (re.search(r'hiệu lực (?:kể )?từ ngày ký', s) and header_date(s) == r['effective'])  # HOLDOUT: 'từ ngày ký'
        ok = ok or ('kể từ ngày thông qua' in s and r['adopted'] == r['effective'])
        if not ok: err(tag, 'effective date')
    elif re.search(r'hiệu lực', s): err(tag, 'effective clause written but no effective date')
    if r['doc_type'] == 'resolution' and header_date(s) and r['adopted'] and header_date(s) != r['adopted']: err(tag, 'header date != adopted')
    if r['report_number'] and r['report_number'] not in s: err(tag, 'report number')
    if not (r['period_start'] <= r['period_end']): err(tag, 'period')
    own = re.search(r'Số: (\S+)', s); own = own.group(1) if own else None
    seen = set()
    for c in r['cited_documents']:
        ct = '%s cite %s' % (tag, c['number'] or c['text'][:40])
        a, b = c['span']
        if s[a:b] != c['text']: err(ct, 'text not at span'); continue
        if not ws(c['text']).startswith(c['kind']) and not (c['text'].startswith('số ') and c.get('note')): err(ct, 'kind is not the first word(s)')
        if c['number'] and ('số ' + c['number']) not in ws(c['text']): err(ct, 'number not in text')
        if c['number'] and c['number'] == own: err(ct, "the document's own number recorded as a citation")
        key = (c['kind'], c['number'] or c['text'])
        if key in seen: err(ct, 'duplicate')
        seen.add(key)
        dt = None
        for rx in (r'ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})', r'ngày\s+(\d{1,2})/(\d{1,2})/(\d{4})'):
            m = re.search(rx, c['text'])
            if m: dt = '%04d-%02d-%02d' % (int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if dt and dt != c['date']: err(ct, 'date', c['date'], '!= text date', dt)
        if not dt and c['date'] and not c.get('note'): err(ct, 'date not written and no note')
    numbers = {c['number'] for c in r['cited_documents'] if c['number']}
    for m in re.finditer(r'(?:Tờ trình|Báo cáo|Nghị quyết|Chỉ thị|Nghị định|Quyết định|Kết luận|Kế hoạch|Luật|Thông tư)\s(?:[^\s;,.]+\s){0,3}?số\s([0-9][^\s;,.)]*)|(?<=, )số\s([0-9][^\s;,.)]*)', s):
        n = m.group(1) or m.group(2)
        if n not in numbers and n != own and n != r['report_number']:  # HOLDOUT: an annex names its own report
            err(tag, 'numbered citation without entry:', m.group(0)[:60])
    for m in re.finditer(r'Luật [^;]{0,170}?(?:ngày\s\d{1,2}(?:/\d{1,2}/|\stháng\s\d{1,2}\snăm\s)\d{4}|năm\s\d{4}|số\s\d[^\s;,]*)', s):
        if not any(c['kind'] == 'Luật' and c['span'][0] <= m.start() and m.end() <= c['span'][1] for c in r['cited_documents']):
            err(tag, 'law without entry:', ws(m.group(0))[:80])

# ---------------------------------------------------------------- projects
ACTIONS = {'accelerate', 'complete', 'plan', 'prepare_investment', 'site_clearance', 'support', 'put_into_operation', 'other',
           'under_construction', 'approve', 'attract_investment', 'start_construction', 'report_progress', 'inaugurate', 'study'}
DEADLINE = re.compile(r'^\d{4}(?:-Q[1-4])?$')
MKEYS = ['doc', 'doc_date', 'section', 'quote', 'quote_continuation', 'span', 'continuation_span', 'surface', 'action',
         'other_actions', 'is_target', 'deadline', 'progress', 'phase', 'component', 'note']
DOC_DATE = {r['doc']: r['adopted'] or r['report_date'] for r in RES}
ids = [p['id'] for p in PRJ['projects']]
if len(ids) != len(set(ids)): err('duplicate project ids')
alias_owner = {}
for p in PRJ['projects']:
    aliases = {fold(a) for a in p['aliases']} | {fold(p['name'])}
    for a in aliases:
        if a in alias_owner and alias_owner[a] != p['id']: err('alias', repr(a), 'shared by', alias_owner[a], 'and', p['id'])
        alias_owner[a] = p['id']
    spans = set()
    for m in p['mentions']:
        tag = '%s %s %s' % (m.get('doc', '?')[:3], p['id'], (m.get('quote') or '')[:40])
        miss = [x for x in MKEYS if x not in m]
        if miss: err(tag, 'missing keys', miss); continue
        s = DOC.get(m['doc'])
        if s is None: err(tag, 'unknown doc'); continue
        a, b = m['span']
        if s[a:b] != m['quote']: err(tag, 'quote not at span')
        if (m['doc'], a, b) in spans: err(tag, 'duplicate mention')
        spans.add((m['doc'], a, b))
        if m['surface']:
            if ws(m['surface']) not in ws(m['quote']): err(tag, 'surface not inside quote')
            if fold(m['surface']) not in aliases: err(tag, 'surface not among aliases')
        elif not m['note']: err(tag, 'mention without surface needs a note (anaphora)')
        if m['action'] not in ACTIONS or any(x not in ACTIONS for x in m['other_actions']): err(tag, 'action vocabulary')
        if not isinstance(m['is_target'], bool): err(tag, 'is_target not boolean')
        if m['deadline'] is not None:
            if not DEADLINE.match(m['deadline']): err(tag, 'deadline format', m['deadline'])
            elif m['deadline'][:4] not in ws(m['quote']): err(tag, 'deadline year not written in the quote')
            if 'quý I ' in m['quote'] and not m['deadline'].endswith('-Q1'): err(tag, "quarter 'quý I' not in deadline")
        if re.search(r'(?:phấn đấu|dự kiến)?[^.;]{0,40}(?:năm|trong năm)\s(20\d\d)\b', m['quote']) and m['is_target'] and m['deadline'] is None \
                and re.search(r'(?:hoàn thành|khởi công|khánh thành)[^.;]{0,120}năm\s20\d\d', m['quote']):
            err(tag, 'target with a dated completion/start but no deadline')
        if m['doc_date'] != DOC_DATE[m['doc']]: err(tag, 'doc_date')
        if m['is_target'] and re.search(r'\bđã (?:hoàn thành|khởi công|thông xe)|được khởi công ngày', m['quote']): err(tag, 'reported fact marked as target')
# the same project across documents: traces of at least two documents of one province
multi = [p['id'] for p in PRJ['projects'] if len({m['doc'] for m in p['mentions']}) >= 2]
if len(multi) < 2: err('fewer than two projects traced across documents')
for p in PRJ['projects']:
    for m in p['mentions']:
        prov = next(r['province'] for r in RES if r['doc'] == m['doc'])
        # HOLDOUT: a project joining provinces (or of a merged province) lists them in attributes.provinces
        if prov != p['province'] and prov not in (p['attributes'] or {}).get('provinces', []):
            err(p['id'], 'mention in a document of another province', m['doc'][:3])

print('indicators:', len(IND), 'numeric:', sum(1 for o in IND if o['comparator']),
      {d[:3]: sum(1 for o in IND if o['doc'] == d) for d in sorted(DOC)})
print('citations:', {r['doc'][:3]: len(r['cited_documents']) for r in RES})
print('projects:', len(PRJ['projects']), 'mentions:', sum(len(p['mentions']) for p in PRJ['projects']), 'traced:', multi)
not_raw = [o['doc'][:3] for o in IND if o['text'] not in RAW[o['doc']]]
if not_raw: err('texts not byte-identical in the raw file (documents must already be NFC):', not_raw)
if errors:
    print('\n'.join(errors)); print('FAILED', len(errors)); sys.exit(1)
print('ALL CHECKS PASSED')
