#!/usr/bin/env python3
"""tests/fuzz/mkcorpus.py SEEDS OUT - the nasty corpus (tests/fuzz/corpus/).

Writes hostile files for each fuzz target into OUT/<target>/, from the seed
corpora that seeds.sh made in SEEDS (a real PNG, JPEG, TIFF, PDF, record,
roster, config): truncated files, absurd dimensions, decompression bombs,
bad UTF-8, XXE and entity bombs, deep nesting, loops in file structures.

A name says what the product must do with the file, and
tests/unit/test_corpus.c holds it to that:
  refuse-*   refused with a one-line error naming the input
  accept-*   accepted
  other      either, without crash, leak or improper error (fuzzer finds)
The output is committed; run this again only to change the corpus.  Every
file is small (the bombs are small compressed, large declared).
"""
import os
import struct
import sys
import zlib

SEEDS, OUT = sys.argv[1], sys.argv[2]


def seed(target, name):
    with open(os.path.join(SEEDS, target, name), 'rb') as f:
        return f.read()


def put(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode('utf-8')
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data)


# ---- images ------------------------------------------------------------------

def chunk(kind, data):
    c = struct.pack('>I', len(data)) + kind + data
    return c + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff)


def png(w, h, idat, depth=8, color=0, extra=b''):
    ihdr = struct.pack('>IIBBBBB', w, h, depth, color, 0, 0, 0)
    return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', ihdr) + extra +
            chunk(b'IDAT', idat) + chunk(b'IEND', b''))


def png_rows(w, h, fill=0):
    return zlib.compress((b'\x00' + bytes([fill]) * w) * h, 9)


gray_png = seed('load', 'gray.png')
gray_jpg = seed('load', 'gray.jpg')
lzw_tiff = seed('load', 'lzw.tiff')
two_tiff = seed('load', 'two.tiff')
pdf_img = seed('load', 'image.pdf')

put('load', 'accept-small.png', png(64, 48, png_rows(64, 48, 255)))
put('load', 'refuse-empty', b'')
put('load', 'refuse-text.txt', 'Học bạ, không phải ảnh\n')
put('load', 'refuse-gif.gif', b'GIF89a\x01\x00\x01\x00\x00\x00\x00;' + b'\x00' * 16)
put('load', 'refuse-bmp.bmp', b'BM' + b'\x00' * 60)
put('load', 'refuse-truncated.png', gray_png[:len(gray_png) // 2])
put('load', 'refuse-png-signature-only.png', gray_png[:8])
put('load', 'refuse-png-huge-dims.png', png(100000, 100000, png_rows(1, 1)))
put('load', 'refuse-png-side-too-long.png', png(40000, 10, png_rows(1, 1)))
put('load', 'refuse-png-zero-dims.png', png(0, 0, png_rows(1, 1)))
put('load', 'refuse-png-2g-dims.png', png(0x7fffffff, 0x7fffffff, png_rows(1, 1)))
# A decompression bomb over the pixel limit: 30000 x 30000 declared, the
# data a few kB of zlib that would inflate to 900 MB.
put('load', 'refuse-png-bomb-over-limit.png',
    png(30000, 30000, zlib.compress(b'\x00' * (30001 * 2000), 9)))
# A bomb within the limits (6000 x 6000 = 36 Mpx, 36 MB of pixels from a
# 35 kB file): decoded, as a real 600 dpi page would be.
put('load', 'accept-png-bomb-in-limit.png',
    png(6000, 6000, zlib.compress((b'\x00' + b'\xff' * 6000) * 6000, 9)))
put('load', 'refuse-png-idat-garbage.png', png(100, 100, b'\x78\x9c' + b'\xde\xad' * 50))
put('load', 'refuse-png-idat-short.png', png(100, 100, png_rows(100, 3)))
put('load', 'refuse-png-bad-depth.png', png(10, 10, png_rows(10, 10), depth=7))
put('load', 'png-bad-crc.png', gray_png[:29] + b'\x00\x00\x00\x00' + gray_png[33:])
put('load', 'png-plte-256-on-1bit.png',
    png(16, 16, zlib.compress((b'\x00' + b'\x55\x55') * 16), depth=1, color=3,
        extra=chunk(b'PLTE', bytes(range(256)) * 3)))
put('load', 'png-text-chunk-huge.png',
    png(8, 8, png_rows(8, 8), extra=chunk(b'zTXt', b'k\x00\x00' +
                                          zlib.compress(b'A' * 5000000, 9))))
put('load', 'refuse-truncated.jpg', gray_jpg[:len(gray_jpg) * 2 // 3])
put('load', 'refuse-jpeg-soi-only.jpg', b'\xff\xd8\xff\xd9' + b'\x00' * 16)
# SOF0 claiming 65500 x 65500.
sof = gray_jpg.find(b'\xff\xc0')
huge_jpg = bytearray(gray_jpg)
if sof > 0:
    struct.pack_into('>HH', huge_jpg, sof + 5, 65500, 65500)
put('load', 'refuse-jpeg-huge-dims.jpg', bytes(huge_jpg))
zero_jpg = bytearray(gray_jpg)
if sof > 0:
    struct.pack_into('>HH', zero_jpg, sof + 5, 0, 0)
put('load', 'refuse-jpeg-zero-dims.jpg', bytes(zero_jpg))
# Entropy data replaced by garbage, EOI kept: libjpeg warns, refused.
sos = gray_jpg.rfind(b'\xff\xda')
put('load', 'refuse-jpeg-garbage-scan.jpg',
    gray_jpg[:sos + 14] + b'\xff\xd0\x12' * 300 + b'\xff\xd9')
put('load', 'refuse-truncated.tiff', lzw_tiff[:len(lzw_tiff) // 3])
put('load', 'refuse-tiff-header-only.tiff', b'II*\x00\x08\x00\x00\x00')


def tiff(entries, data=b'', next_ifd=0, ifd_at=8):
    """A little-endian TIFF with one IFD of (tag, type, count, value)."""
    out = bytearray(b'II*\x00' + struct.pack('<I', ifd_at))
    out += b'\x00' * (ifd_at - len(out))
    out += struct.pack('<H', len(entries))
    for tag, typ, count, value in sorted(entries):
        out += struct.pack('<HHII', tag, typ, count, value)
    out += struct.pack('<I', next_ifd)
    return bytes(out) + data


def tiff_img(w, h, strip_bytes=None, next_ifd=0):
    n = 10
    data_at = 8 + 2 + n * 12 + 4
    if strip_bytes is None:
        strip_bytes = w * h
    return tiff([(256, 4, 1, w), (257, 4, 1, h), (258, 3, 1, 8), (259, 3, 1, 1),
                 (262, 3, 1, 1), (273, 4, 1, data_at), (277, 3, 1, 1),
                 (278, 4, 1, h), (279, 4, 1, strip_bytes), (284, 3, 1, 1)],
                b'\x80' * min(w * h, 4096), next_ifd)


put('load', 'accept-tiff-minimal.tiff', tiff_img(64, 64))
put('load', 'refuse-tiff-huge-dims.tiff', tiff_img(1000000, 1000000, 4096))
put('load', 'refuse-tiff-zero-dims.tiff', tiff_img(0, 0, 16))
put('load', 'tiff-strip-past-eof.tiff', tiff_img(64, 64, 1 << 30))
# The IFD's "next" offset points back at itself: an endless page chain.
put('load', 'tiff-ifd-loop.tiff', tiff_img(64, 64, next_ifd=8))
put('load', 'tiff-second-page-truncated.tiff', two_tiff[:len(two_tiff) - 2000])
put('load', 'refuse-tiff-bad-ifd-offset.tiff', b'II*\x00\xff\xff\xff\x7f' + b'\x00' * 32)
put('load', 'refuse-tiff-big-endian-garbage.tiff', b'MM\x00*\x00\x00\x00\x08' + b'\xff' * 64)


def pdf(objs, root=1, extra_trailer=''):
    """A PDF with correct xref offsets from a list of object bodies."""
    out = b'%PDF-1.4\n'
    offs = []
    for i, body in enumerate(objs, 1):
        offs.append(len(out))
        if isinstance(body, str):
            body = body.encode('latin-1')
        out += b'%d 0 obj\n' % i + body + b'\nendobj\n'
    xref = len(out)
    out += b'xref\n0 %d\n0000000000 65535 f \n' % (len(objs) + 1)
    for o in offs:
        out += b'%010d 00000 n \n' % o
    out += ('trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n'
            % (len(objs) + 1, root, extra_trailer, xref)).encode()
    return out


def stream(data, dict_extra=''):
    return (('<< /Length %d %s>>\nstream\n' % (len(data), dict_extra)).encode()
            + data + b'\nendstream')


def pdf_page(media, content=b'0 0 m 10 10 l S', content_extra=''):
    return pdf(['<< /Type /Catalog /Pages 2 0 R >>',
                '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
                '<< /Type /Page /Parent 2 0 R /MediaBox [%s] /Contents 4 0 R >>' % media,
                stream(content, content_extra)])


put('load', 'accept-pdf-minimal.pdf', pdf_page('0 0 595 842'))
put('load', 'refuse-truncated.pdf', pdf_img[:len(pdf_img) // 2])
put('load', 'refuse-pdf-header-only.pdf', b'%PDF-1.7\n')
put('load', 'refuse-pdf-huge-page.pdf', pdf_page('0 0 14400 14400'))
put('load', 'pdf-absurd-page.pdf', pdf_page('0 0 1e300 1e300'))
put('load', 'pdf-zero-page.pdf', pdf_page('0 0 0 0'))
put('load', 'pdf-negative-page.pdf', pdf_page('595 842 0 0'))
put('load', 'pdf-nan-page.pdf', pdf_page('0 0 nan inf'))
put('load', 'refuse-pdf-no-pages.pdf',
    pdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 0 >>']))
# The page tree claims a million pages and loops on itself.
put('load', 'pdf-pages-loop.pdf',
    pdf(['<< /Type /Catalog /Pages 2 0 R >>',
         '<< /Type /Pages /Kids [2 0 R 2 0 R] /Count 1000000 >>']))
# A Flate content stream of 4 MB of no-op operators in 4 kB (each costs
# poppler a cairo save and restore: 40 MB take 11 s; not bounded yet).
put('load', 'pdf-flate-bomb.pdf',
    pdf_page('0 0 595 842', zlib.compress(b'q Q ' * 1000000, 9),
             '/Filter /FlateDecode'))
put('load', 'pdf-deep-arrays.pdf', pdf_page('0 0 595 842', b'[' * 20000 + b']' * 20000))
put('load', 'pdf-deep-dicts.pdf',
    pdf(['<< /Type /Catalog /Pages 2 0 R /X ' + '<< /A ' * 10000 + '1' + ' >>' * 10000 + ' >>',
         '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
         '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>']))
put('load', 'pdf-xref-prev-loop.pdf',
    pdf_page('0 0 595 842').replace(b'/Root 1 0 R', b'/Root 1 0 R /Prev 9'))
put('load', 'pdf-garbage-xref.pdf',
    pdf_page('0 0 595 842').replace(b'xref\n', b'xref\n999999999 999999999\n'))
put('load', 'pdf-junk-before-header.pdf', b'\x00' * 500 + pdf_page('0 0 595 842'))
put('load', 'refuse-pdf-encrypted.pdf',
    pdf(['<< /Type /Catalog /Pages 2 0 R >>',
         '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
         '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
         '<< /Filter /Standard /V 2 /R 3 /Length 128 /P -4 '
         '/O <%s> /U <%s> >>' % ('11' * 32, '22' * 32)],
        extra_trailer='/Encrypt 4 0 R /ID [<00112233445566778899aabbccddeeff> '
                      '<00112233445566778899aabbccddeeff>] '))
# An image XObject declaring 100000 x 100000 pixels with 10 bytes of data.
put('load', 'refuse-pdf-image-huge-dims.pdf',
    pdf(['<< /Type /Catalog /Pages 2 0 R >>',
         '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
         '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 60 80] /Contents 4 0 R '
         '/Resources << /XObject << /I 5 0 R >> >> >>',
         stream(b'q 60 0 0 80 0 0 cm /I Do Q'),
         stream(b'\x00' * 10, '/Type /XObject /Subtype /Image /Width 100000 '
                '/Height 100000 /ColorSpace /DeviceGray /BitsPerComponent 8 ')]))

# ---- record XML -------------------------------------------------------------

rec = seed('record_xml', 'book-1-001.xml').decode('utf-8')
body = rec.split('?>', 1)[1] if rec.startswith('<?xml') else rec
put('record_xml', 'accept-sample.xml', rec)
put('record_xml', 'refuse-empty.xml', '')
put('record_xml', 'refuse-truncated.xml', rec[:len(rec) // 2])
put('record_xml', 'refuse-xxe-file.xml',
    '<?xml version="1.0"?>\n<!DOCTYPE HOC_BA [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
    + body.replace('<MA_HO_SO>', '<MA_HO_SO>&x;', 1))
put('record_xml', 'refuse-xxe-network.xml',
    '<?xml version="1.0"?>\n<!DOCTYPE HOC_BA SYSTEM "http://127.0.0.1:9/x.dtd">\n' + body)
put('record_xml', 'refuse-xxe-parameter.xml',
    '<?xml version="1.0"?>\n<!DOCTYPE HOC_BA [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>\n'
    + body)
put('record_xml', 'refuse-billion-laughs.xml',
    '<?xml version="1.0"?>\n<!DOCTYPE HOC_BA [<!ENTITY a "hahahahahahahahaha">' +
    ''.join('<!ENTITY %s "%s">' % (chr(98 + i), ('&%s;' % chr(97 + i)) * 10)
            for i in range(9)) + ']>\n<HOC_BA xmlns="urn:hocbaso:hbs:1">&j;</HOC_BA>\n')
put('record_xml', 'refuse-deep-nesting.xml',
    '<?xml version="1.0"?>\n<HOC_BA xmlns="urn:hocbaso:hbs:1">' + '<a>' * 20000 +
    '</a>' * 20000 + '</HOC_BA>\n')
put('record_xml', 'refuse-bad-utf8.xml', rec.encode('utf-8').replace(b'<MA_HO_SO>', b'<MA_HO_SO>\xc3\x28\xff\xfe', 1))
put('record_xml', 'refuse-overlong-utf8.xml', rec.encode('utf-8').replace(b'<MA_HO_SO>', b'<MA_HO_SO>\xc0\xaf\xe0\x80\xaf', 1))
put('record_xml', 'refuse-surrogate-utf8.xml', rec.encode('utf-8').replace(b'<MA_HO_SO>', b'<MA_HO_SO>\xed\xa0\x80', 1))
put('record_xml', 'refuse-utf16.xml', '<?xml version="1.0" encoding="UTF-16"?>'.encode('utf-16') + body.encode('utf-16-le'))
put('record_xml', 'refuse-latin1.xml', rec.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').encode('utf-8'))
put('record_xml', 'refuse-nul.xml', rec.encode('utf-8').replace(b'<MA_HO_SO>', b'<MA_HO_SO>\x00', 1))
put('record_xml', 'refuse-duplicate-id.xml', rec.replace('Id="thongtinhocba"', 'Id="data"', 1))
put('record_xml', 'refuse-xinclude.xml',
    rec.replace('<MA_HO_SO>', '<MA_HO_SO><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd" parse="text"/>', 1))
put('record_xml', 'refuse-schema-location.xml',
    rec.replace('xmlns="urn:hocbaso:hbs:1"', 'xmlns="urn:hocbaso:hbs:1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                'xsi:schemaLocation="urn:hocbaso:hbs:1 http://127.0.0.1:9/evil.xsd" xsi:foo="1"', 1)
    .replace('</HOC_BA>', '<EXTRA/></HOC_BA>'))
put('record_xml', 'refuse-huge-attribute.xml', rec.replace('phienBan="1.0"', 'phienBan="' + 'A' * 100000 + '"', 1))
put('record_xml', 'refuse-many-attributes.xml',
    rec.replace('<THONG_TIN_HO_SO>', '<THONG_TIN_HO_SO ' + ' '.join('a%d="1"' % i for i in range(5000)) + '>', 1))
put('record_xml', 'refuse-pi-and-comments.xml', rec.replace('<THONG_TIN_HO_SO>', '<?evil x?><!--' + '-' * 3 + '>', 1))
put('record_xml', 'refuse-wrong-namespace.xml', rec.replace('urn:hocbaso:hbs:1', 'urn:evil', 1))
put('record_xml', 'refuse-no-root.xml', '<?xml version="1.0"?>\n')
put('record_xml', 'refuse-two-roots.xml', rec + body)
put('record_xml', 'refuse-control-chars.xml', rec.replace('<MA_HO_SO>', '<MA_HO_SO>\x01\x1b[31m', 1))
# found by the fuzzer: the XSD's complaint quotes the value, line break
# included; the error must stay one line.
put('record_xml', 'refuse-schema-error-quotes-newline.xml',
    rec.replace('<MA_HO_SO>', '<MA_HO_SO>ersion\n575d', 1))
put('record_xml', 'cdata-and-char-refs.xml',
    rec.replace('</HO_TEN>', '<![CDATA[ x]]>&#x1F600;&#8232;</HO_TEN>', 1))
put('record_xml', 'value-with-newlines.xml', rec.replace('</HO_TEN>', '\n\r\n\t</HO_TEN>', 1))

# ---- roster CSV -------------------------------------------------------------

ros = seed('roster', 'semicolon.csv')
put('roster', 'accept-sample.csv', ros)
put('roster', 'refuse-empty.csv', b'')
put('roster', 'refuse-bom-only.csv', b'\xef\xbb\xbf')
put('roster', 'refuse-header-only.csv', ros.split(b'\r\n')[0] + b'\r\n')
put('roster', 'refuse-bad-utf8.csv', ros.replace('Bình'.encode(), b'B\xc3\x28nh\xff'))
put('roster', 'refuse-nul.csv', ros.replace(b';HS0002', b';HS\x000002'))
put('roster', 'refuse-unterminated-quote.csv', ros + b'3;"HS3;0;Lan;01/01/2001;N\xe1\xbb\xaf;1A\r\n')
put('roster', 'refuse-bad-date.csv', ros.replace(b'05-09-2010', b'31/02/2010'))
put('roster', 'refuse-date-overflow.csv', ros.replace(b'05-09-2010', b'99999999999999999999/1/2010'))
put('roster', 'refuse-not-csv.csv', gray_png[:2000])
put('roster', 'huge-field.csv', ros.replace('Trần Văn Bình'.encode(), b'A' * 200000))
put('roster', 'many-columns.csv', ros.split(b'\r\n')[0] + b';' * 100000 + b'\r\n' + ros.split(b'\r\n', 1)[1])
put('roster', 'quotes-everywhere.csv',
    b'"ho ten";"ngay sinh"\r\n"""""""";"01/01/2001"\r\n"a""b""""";"1/1/2001"""\r\n')
put('roster', 'cr-only.csv', ros.replace(b'\r\n', b'\r'))
put('roster', 'mixed-separators.csv', ros.replace(b';', b',', 3))
put('roster', 'accept-many-rows.csv',
    ros.split(b'\r\n')[0] + b'\r\n' + b''.join(
        b'%d;HS%d;%012d;Nguy\xe1\xbb\x85n V\xc4\x83n %d;%02d/%02d/2006;Nam;8A\r\n'
        % (i, i, i, i, 1 + i % 28, 1 + i % 12) for i in range(3000)))
put('roster', 'duplicate-headers.csv', b'ho ten;ho ten;ngay sinh;ngay sinh\r\nA;B;01/01/2001;02/02/2002\r\n')
put('roster', 'combining-marks.csv', 'ho ten,ngay sinh\nNguye\u0302\u0303n' + '\u0301' * 5000 + ',01/01/2001\n')

# ---- config -----------------------------------------------------------------

cfg = seed('config', 'config')
put('config', 'accept-sample', cfg)
put('config', 'accept-empty', b'')
put('config', 'refuse-bad-utf8', cfg.replace(b'Du\n', b'Du\xc3\x28\xff\n'))
put('config', 'refuse-nul', cfg.replace(b'=', b'=\x00', 1))
put('config', 'refuse-too-large', b'# ' + b'x' * 70000 + b'\n')
put('config', 'refuse-unknown-key', cfg + b'evil = 1\n')
put('config', 'refuse-unknown-role', cfg.replace(b'CBQL\n', b'CBQL HACKER\n'))
put('config', 'repeated-roles', b'sign_roles = ' + b'GVCN ' * 100 + b'\n')
put('config', 'refuse-no-equals', cfg + b'school_name\n')
put('config', 'long-value', b'school_name = ' + 'Trường '.encode() * 7000 + b'\n')
put('config', 'cr-only', cfg.replace(b'\n', b'\r'))
put('config', 'control-chars', b'school_name = a\x1b[2J\x07b\x7f\n')
put('config', 'repeated-keys', cfg * 50)

# ---- the review server's request parsing ----------------------------------------

Z = b'\x00'
put('http', 'long-url', b'/api/records/' + b'a' * 100000 + b'/1' + Z + b'application/json' + Z)
put('http', 'id-65', b'/api/records/' + b'a' * 65 + b'/1/field')
put('http', 'version-overflow', b'/api/records/ab/2147483648/pages/99999999999999999999')
put('http', 'version-zero', b'/api/records/ab/0/pages/0' + Z + Z + Z + Z + b'00')
put('http', 'dot-segments', b'/static/../../etc/passwd' + Z + Z + Z + Z + Z + b'a/../../b')
put('http', 'double-slashes', b'//api//records//ab//1' + Z + Z + Z + Z + Z + b'a//b')
put('http', 'unicode-url', '/api/users/cô.lan/ẞ'.encode() + Z + 'application/json; charset=ưtf-8'.encode())
put('http', 'bad-utf8-url', b'/api/users/\xc3\x28\xff' + Z + b'application/json;charset=' + Z)
put('http', 'listen-odd', b'/' + Z + b'APPLICATION/JSON ; CHARSET="UTF-8"' + Z + b'g' * 64 + Z +
    b'[::ffff:127.0.0.1]:65536' + Z + b'-1')
put('http', 'listen-unterminated', b'/' + Z + Z + Z + b'[::1' + Z + b'+1')
put('http', 'png-header-zero', b'\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x00\x00\x00\x00\x00')
put('http', 'png-header-max', b'\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\xff\xff\xff\xff\xff\xff\xff\xff')
put('http', 'all-empty', Z * 8)

# ---- a review API request body --------------------------------------------------

put('json', 'refuse-deep-arrays', '{"a":' + '[' * 100000 + ']' * 100000 + '}')
put('json', 'refuse-deep-objects-33', '{"a":' * 34 + '1' + '}' * 34)
put('json', 'accept-deep-objects-32', '{"a":' * 32 + '1' + '}' * 32)
put('json', 'refuse-duplicate-keys', '{"rev":1,"rev":2}')
put('json', 'refuse-bad-utf8', b'{"value":"\xc3\x28\xff"}')
put('json', 'refuse-lone-surrogate', '{"value":"\\ud800"}')
put('json', 'refuse-nul-escape', '{"value":"a\\u0000b"}')
put('json', 'refuse-not-object', '[1,2,3]')
put('json', 'refuse-trailing-garbage', '{"rev":1} {"rev":2}')
put('json', 'refuse-bom', b'\xef\xbb\xbf{"rev":1}')
put('json', 'refuse-truncated', '{"path":"THONG_TIN_HOC_BA/LOP","value":"8')
put('json', 'refuse-empty', '')
put('json', 'huge-numbers', '{"rev":1e400,"disabled":-0,"x":123456789012345678901234567890}')
put('json', 'accept-rev-float', '{"rev":1.0,"classes":"8A"}')
put('json', 'rev-overflow', '{"rev":9223372036854775808}')
put('json', 'accept-long-string', '{"value":"' + 'Ư' * 30000 + '"}')
put('json', 'accept-many-classes', '{"classes":[' + ','.join('"8A"' for _ in range(10000)) + ']}')
put('json', 'accept-many-keys', '{' + ','.join('"k%d":%d' % (i, i) for i in range(5000)) + '}')
put('json', 'accept-escapes', '{"value":"\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00","note":null}')
