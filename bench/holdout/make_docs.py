"""src/Hnn.txt (the composed texts) -> docs/Hnn_<16 hex of sha256>.txt, NFC UTF-8, as the dev set names its files."""
import hashlib, pathlib, unicodedata

HERE = pathlib.Path(__file__).resolve().parent
for p in sorted((HERE / 'src').glob('H*.txt')):
    data = unicodedata.normalize('NFC', p.read_text(encoding='utf-8')).encode('utf-8')
    for old in (HERE / 'docs').glob(p.stem + '_*.txt'):
        old.unlink()
    name = f"{p.stem}_{hashlib.sha256(data).hexdigest()[:16]}.txt"
    (HERE / 'docs' / name).write_bytes(data)
    print(name)
