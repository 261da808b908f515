"""Cleaning scans told their first characters, skipped behind literal tests or replaced by string
methods find what the plain scans find."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.patterns import plain
from pipeline import fuzz
from pipeline.clean import boilerplate, metadata, normalize, roles
from pipeline.clean import text as text_module

# Pinyin annotations, paywall notices and their near misses, among Chinese text.
_PIECES = st.sampled_from(["網(wǎng)", "愛(ài)", "會 (huì)議", "本 (ben)", "本(ben)报", " (hui4)", "（fan）", "(UNESCO)", "……(未完,全文共3368字,当前仅显示1774字)",
                           "【正式会员可完整阅读】", "省略632字", "尚未完成", "。", "…", " ", "付费阅读", "登录后查看"])
_TEXT = st.lists(st.one_of(fuzz.chinese_text(max_fragments=4), _PIECES), max_size=10).map("".join)


@settings(max_examples=600, deadline=None)
@given(_TEXT)
def test_cleaning_scans_told_their_first_characters_match_the_same_as_without(text):
    for pattern in (normalize._ANNOTATION, normalize._TONELESS, boilerplate._PAYWALL):
        assert pattern.pattern.startswith("(?=[")
        assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in plain(pattern).finditer(text)], pattern.pattern


@settings(max_examples=600, deadline=None)
@given(_TEXT)
def test_pinyin_is_stripped_the_same_when_the_bracket_test_skips_the_scans(text):
    # strip_pinyin runs the two annotation scans only on texts with a bracket opening letters.
    text = text.replace("?", "").replace("？", "")  # no lost characters: only the annotations change the text
    scanned = normalize._TONELESS.sub(normalize._drop_reading, normalize._ANNOTATION.sub("", text))
    assert normalize.strip_pinyin(text) == scanned


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(fuzz.chinese_text(max_fragments=2), st.sampled_from(["• ", "▶", "|", " | ", "-", "*", "> ", "\u3000"])),
                max_size=8).map("".join))
def test_bullets_and_cell_debris_go_as_if_every_line_were_scanned(text):
    # to_lines strips a line's bullets and tail with str.lstrip and str.rstrip, not with these scans.
    from pipeline.clean.text import to_lines

    expected = []
    for line in normalize.normalize_text(text):
        line = re.sub(r"[\s|]+$", "", re.sub(r"^[•·●◆■□▪▶►>\-*|\s]+", "", line) if len(line) > 3 else line)
        line = roles.IMAGE_MARKDOWN.sub("", line).strip() if "![" in line else line
        expected += [line] if line else []
    assert [line.orig for line in to_lines(text)] == expected


# Pieces of metadata lines, datelines, credits, captions and footers (and near misses), for the
# line rules whose scans are told their first characters or skipped behind a literal test.
_LINE_PIECES = st.sampled_from([
    "2023-10-13", "2023年10月13日", "2024 05/24 15:42:42", "12.04.2016", "9/17/2004", "4月11日", "123月4日", "05-03-21",
    "发布时间:", "发表于 ", "更新时间 ", "Posted on ", "PUBLISHED ", "[日期:", "时间:", "来源:", "文章来源:", "稿源丨",
    "作者:", "责任编辑:", "编辑:", "记者 ", "通讯员 ", "文/图 ", "图/", "摄影:", " 摄", "张三/文", "(陈立新 马晓云)", "口王丽",
    "县委书记 ", "字号:[大 中 小]", "浏览(10)次", "【打印】", "本报讯", "新华社西宁3月5日电", "梧州日报讯(记者 吴晓梅)",
    "11月25日(", "黔南日报 第03版", "版权所有", "Copyright ©", "COPYRİGHT", "京ICP备05021234号", "icp备案", "公网安备",
    "网安备1", "感谢您对本网的关注", "电话:", "E-mail:", "转载目的在于传递", "并不代表本网赞同", "版权归原作者所有",
    "凡本网注明", "当前位置:", "首页 > ", "新闻 > 原创 > ", "正文", "欢迎访问", "图为", "供图", "活动现场", "王芳", "阿不都·买买提",
    "。", ",", " ", "、", "|", "(", ")", "【", "】", "/", ":", "\n", "来源:新华网更新时间:2024-01-01 编辑:李强",
    "作者:张三字号:大 中 小", "梧州日报记者 周海涛 摄", "记者", "摄影", "摄影 张三 摄", "摄", "通讯员", "(图/王芳)", "（图片:张三）",
    "图/李四", "图片由县委宣传部提供", "(王芳 供图)", "县委宣传部供照", "网站首页 >", "主页/",
    "2005-04-28 11:13更新", "本贴由大卫于2005年8月12日16:12:21在〖论坛〗发表", "刊发", "发稿", "发布",
    "字体 大 中 小", "字号 A+", "记者 周明 通讯员 韩雪", "编辑：李强", "来源：新华网",
])
_LINE = st.lists(st.one_of(fuzz.chinese_text(max_fragments=3), _LINE_PIECES), max_size=12).map("".join)


@settings(max_examples=800, deadline=None)
@given(_LINE)
def test_line_rule_scans_told_their_first_characters_match_the_same_as_without(text):
    for pattern in (metadata._DATE, metadata._NUMERIC_DATE, metadata._MONTH_DAY, metadata._LABELLED,
                    roles._CREDIT_ROLE, roles.META_LABEL, roles._DISCLAIMER_ANYWHERE.pattern):
        assert pattern.pattern.startswith("(?=[")
        assert [m.groups() + m.span() for m in pattern.finditer(text)] == \
            [m.groups() + m.span() for m in plain(pattern).finditer(text)], pattern.pattern
    assert metadata._FIELD_START.split(text) == plain(metadata._FIELD_START).split(text)
    assert metadata._fields(text) == metadata._FIELD_START.split(text)  # (the scan skipped on lines without a label)


@settings(max_examples=800, deadline=None)
@given(_LINE)
def test_literal_tests_before_line_scans_never_hide_a_match(text):
    plain_paywall = plain(boilerplate._PAYWALL).search(text)
    assert boilerplate.paywall_at(text) == (plain_paywall.start() if plain_paywall else None)
    photo, plain_photo = roles._photo_credit(text), roles._PHOTO_CREDIT.search(text)
    assert (photo and photo.span()) == (plain_photo and plain_photo.span())
    assert bool(roles._REGISTRATION.search(text)) == bool(plain(roles._REGISTRATION).search(text))
    inline, plain_inline = boilerplate._inline_credit(text), boilerplate._INLINE_CREDIT.search(text)
    assert (inline and (inline.span(), inline.groups())) == (plain_inline and (plain_inline.span(), plain_inline.groups()))
    # Each scan below runs only when its literal test passes: a match must pass it.
    for scan, test in [
        (boilerplate._DATELINE.match, boilerplate.may_hold_dateline),
        (boilerplate._INLINE_CREDIT.search, boilerplate._may_credit_inline),
        (boilerplate._END_CREDIT.search, boilerplate._ends_with_bracket),
        (text_module._END_MARK.search, lambda t: "完" in t),
        (plain(metadata._COPYRIGHT_WORD).search, metadata._COPYRIGHT_WORD.search),
        (metadata._SOURCE.search, metadata._SOURCE_WORD.search),
        (metadata._BYLINE_OUTLET.search, metadata._byline_outlet),
        (metadata._MENU.search, metadata._menu_like),
        (plain(roles._DISCLAIMER_ANYWHERE).search, roles._DISCLAIMER_ANYWHERE.search),
        (plain(roles._SUPPLIED).search, roles._SUPPLIED.search),
        (plain(roles._HOME_PATH).search, roles._HOME_PATH.search),
        (plain(metadata._DATE).search, metadata._DIGIT.search),
        (plain(metadata._NUMERIC_DATE).search, metadata._DIGIT.search),
        (metadata._SHORT_DATE.search, metadata._DIGIT.search),
        (metadata._POSTED_AFTER.search, lambda t: "发" in t or "更" in t),
    ]:
        if scan(text):
            assert test(text), scan


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(_LINE, st.sampled_from([" ", "|", "\t", "\u3000", "\xa0", "\u2028", "\x1c", "\n", " | "])),
                max_size=6).map("".join))
def test_line_tails_are_cut_as_the_tail_pattern_cuts_them(text):
    assert text.rstrip(text_module._TAIL) == re.sub(r"[\s|]+$", "", text)


def _credits_as_first_written(text):
    # roles.credits with every test in its plain form: each group asked for, each glued word tested
    # as a suffix, the three forms of names without a role matched one after the other.
    found = []
    for m in roles._CREDIT_ROLE.finditer(text):
        role = roles.ROLE[m.group("role") or m.group("bare") or m.group("pic")]
        for name in roles._NAME_SEP.split(m.group("names")):
            name = roles._GLUED_LABEL.sub("", name) if name.endswith(roles._GLUED_WORDS) else name
            if 2 <= len(name) <= 12 and name not in ("佚名", "本网", "本报", "记者", "通讯员"):
                found.append(roles.Byline(name, role))
    if "/" in text:
        found += [roles.Byline(m.group(1), roles.ROLE[m.group(2)]) for m in roles._NAME_THEN_ROLE.finditer(text)]
    if not found:
        m = roles._BRACKETED_NAMES.match(text) or roles._LOST_BULLET_NAME.match(text) or roles._SPEAKER.match(text)
        if m and not roles._NOT_NAMES.search(m.group(1)):
            found = [roles.Byline(name, "作者") for name in roles._NAME_SPACE.split(m.group(1))]
    return found


# Credits, speakers and near misses: names glued to labels, speakers' posts, bracketed names, 口.
_CREDIT_PIECES = st.sampled_from([
    "记者 ", "通讯员 ", "编辑:", "责任编辑:", "文/图 ", "摄影 ", "作者丨", "张三", "李四", "王五记者", "赵六字号", "钱七来源",
    "孙八时间", "佚名", "本报", "(", ")", "（", "）", "口", "县委书记 ", "州长 ", "主任 ", "政协主席 ", "委员 ", "局长",
    "书记", "阿不都·买买提", " ", "、", ",", ":", "/文", "/图", "张三/文", "(全文完)", "发布时间:2024-01-01", "来源:新华网",
    "记者 王五记者", "编辑:赵六字号", "摄影 孙八摄影", "州政协主席 李文华", "市民宗委主任 王丽", "县委书记 阿尔木呷", "口王丽",
    "(陈立新 马晓云)", "图/李四", "图片:张三", "（图/王芳）", "转自:新华网", "转载自:人民网", "出处:甘孜日报", "稿源:民族日报 张三",
])
_CREDIT = st.lists(st.one_of(_CREDIT_PIECES, fuzz.chinese_text(max_fragments=1)), max_size=8).map("".join)


@settings(max_examples=800, deadline=None)
@given(st.one_of(_CREDIT, _LINE))
def test_credits_are_read_as_the_plain_rules_read_them(text):
    assert roles.credits(text) == _credits_as_first_written(text)
    plain_names = roles._BRACKETED_NAMES.match(text) or roles._LOST_BULLET_NAME.match(text) or roles._SPEAKER.match(text)
    assert roles._names_without_role(text) == (
        plain_names.group(1) if plain_names and not roles._NOT_NAMES.search(plain_names.group(1)) else None)


@settings(max_examples=600, deadline=None)
@given(st.one_of(_CREDIT, _LINE))
def test_photo_credits_skip_only_lines_the_photo_credit_pattern_cannot_match(text):
    m = roles._PHOTO_CREDIT.search(text) if len(text) < 80 else None
    expected = [] if not m else [
        roles.Byline(name, "摄影") for name in roles._NAME_SEP.split(m.group(1) or m.group(2))
        if len(name) >= 2 and name not in roles.ROLE and not name.endswith(("记者", "通讯员", "摄影"))]
    assert roles.photo_credits(text) == expected


def _lines(texts):
    return [boilerplate.Line(t, t) for t in texts]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.one_of(_CREDIT, _LINE), max_size=4))
def test_a_source_field_is_found_in_the_lines_the_label_scan_would_find_it_in(texts):
    # _labelled_source scans a line for the labels only when it holds 源, 处 or 转.
    lines = _lines(texts)
    expected = None
    for line in lines:
        if metadata._SOURCE_WORD.search(line.simp):
            for part in metadata._fields(line.simp):
                m = metadata._SOURCE.search(part)
                if m and (expected := metadata.outlet_name(m.group(1))):
                    break
            if expected:
                break
    assert metadata._labelled_source(lines) == expected


# Lines of a page's header: headlines, fields, credits, bare labels, menus, repeated lines.
_HEADER_LINE = st.sampled_from([
    "全州民族团结进步创建工作推进会召开", "梧州召开全市民族工作会议", "来源:新华网 发布时间:2024-01-01", "记者 张三",
    "发布日期:", "时间:", "2024-05-01 10:20", "首页 新闻 公告", "朝阳新闻网", "一、总体要求", "本报讯", "编辑:李强",
    "阅读:1234", "【打印】【关闭】", "短", "2024年5月1日", "民族团结一家亲 共建美好家园",
])


@settings(max_examples=500, deadline=None)
@given(st.lists(_HEADER_LINE, max_size=8, unique=True))  # (a repeated line is weighed against the body first)
def test_the_headline_above_the_fields_is_found_testing_each_line_once(texts):
    # The rule as first written: above each field line in turn, then above the body, the nearest
    # headline-like line, every line above the place tested again for each place.
    header = _lines(texts)
    expected = None
    for at in [i for i, line in enumerate(header) if line.role in metadata._FIELDS] + [len(header)]:
        expected = next((line.simp for line in reversed(header[:at]) if metadata._headline_like(line)), None)
        if expected:
            break
    assert metadata._title_from_header(header, []) == expected


@settings(max_examples=500, deadline=None)
@given(st.lists(_HEADER_LINE, max_size=8))
def test_bare_labels_are_joined_to_their_values_as_by_the_plain_loop(texts):
    lines = _lines(texts)
    expected = []
    for line in lines:
        if expected and metadata._BARE_LABEL.match(expected[-1].simp):
            prev = expected.pop()
            line = boilerplate.Line(prev.orig + " " + line.orig, prev.simp + " " + line.simp)
        expected.append(line)
    assert metadata._with_labels_joined(lines) == expected


@settings(max_examples=800, deadline=None)
@given(_LINE)
def test_a_labelled_or_posted_date_is_read_as_the_plain_rule_reads_it(text):
    # _labelled_date reads a line's dates for a posted-on verb only when it holds 发 or 更.
    reader = metadata.DateReader.for_page([text])
    expected = None
    if metadata._DIGIT.search(text):
        for m in metadata._LABELLED.finditer(text):
            after = text[m.end():m.end() + 40]
            found = reader.dates(after)
            if found and found[0][1] <= (12 if m.group("colon") else 0):
                expected = found[0][0]
                break
            short = metadata._SHORT_DATE.match(after)
            year = int(short[1]) if short else 0
            if short and (date := metadata._valid(2000 + year if year < 70 else 1900 + year, short[2], short[3])):
                expected = date
                break
        else:
            expected = next((date for date, _, end in reader.dates(text) if metadata._POSTED_AFTER.match(text[end:])), None)
    assert metadata._labelled_date(text, reader) == expected
# Lost characters (a '?' and the reading left after it), near misses and the brackets around them.
_LOST_PIECES = st.sampled_from(["梧州日?qǐng)?bào)訊", "日?bào)讯", "?bào)", "？wǎng）", "?qǐng)", "? ", "？", "?ben)", "(bào)", "訊", "报",
                                "示范（fan）区", "会（hui4）议", "網（wǎng）"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(fuzz.chinese_text(max_fragments=3), _PIECES, _LOST_PIECES), max_size=10).map("".join))
def test_pinyin_and_lost_characters_go_as_if_every_scan_ran(text):
    # strip_pinyin scans for each kind of debris only behind a scan for what all its matches hold
    # ((wǎng), (ben), ?bào)), and finds lost readings with X(?:X)* rather than the plain (?:X)+.
    import functools

    scanned = normalize._TONELESS.sub(normalize._drop_reading, normalize._ANNOTATION.sub("", text))
    script = functools.cache(lambda: normalize.detect_script(scanned))
    lost = re.compile(rf"(?:[?？]{normalize._SYLLABLE}[)）])+")
    expected = lost.sub(lambda m: normalize._restore_lost(m, script), scanned)
    assert normalize.strip_pinyin(text) == expected


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("民族 a\t\u3000\u00a0\u2002\u202f\u205f\u200b\ufeff\n。Ａ"), max_size=60))
def test_spaces_collapse_with_string_replacement_as_with_the_pattern(text):
    # After NFKC (and the invisible characters out) a text's only spaces are ' ' and tabs.
    text = normalize._INVISIBLE.sub("", normalize.nfkc(text))
    assert normalize._collapse_spaces(text) == normalize._SPACES.sub(" ", text)
