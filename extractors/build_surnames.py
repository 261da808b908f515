"""Write extractors/lexicons/surnames.txt from published surname lists: `python -m extractors.build_surnames`.

Sources, each kept apart in the file with its provenance:
  * 百家姓, the public-domain classical list (442 single and 60 compound surnames), as jionlp 1.5.31
    (Apache-2.0, already a pinned dependency) ships it in jionlp/rule/rule_pattern.py. jionlp also
    publishes the subset of single surnames that are rarely anything else; those are `plain`.
  * Modern surnames missing from 百家姓 (肖, 付, 覃, 冼 …): the surname frequencies of sinonym 0.5.1
    (Apache-2.0; sinonym/data/familyname_orcid.csv, parts per million of ORCID records), keeping single
    characters at 20 ppm or more that are written more often as a surname than as a given-name
    character (sinonym/data/givenname_orcid.csv). Needs `pip install -e '.[lexicons]'`; without it the
    previous file's modern section is kept.
  * Surnames of minority nationalities written in Chinese characters, and the first syllables of
    Tibetan, Mongolian, Uyghur, Yi and Dai personal names that stand where a surname stands
    (standard transcriptions, listed below in _MINORITY with the group each comes from).
Each surname gets a class that says how much evidence a name starting with it needs:
  plain      jionlp's unambiguous single surnames: a surname is enough;
  ambiguous  every other surname (黄, 全, 多, 东方): the name must not be a common word (全面, 多次);
  function   characters that after a title are usually a conjunction or preposition (和, 向, 由):
             neither the name's given part nor its first two characters may be common words.
"""

from __future__ import annotations

import ast
import csv
import importlib.util
from pathlib import Path

LEXICON = Path(__file__).parent / "lexicons" / "surnames.txt"

# Surnames that, right after a title, are far more often a function word: 主任和副主任, 书记向大会,
# 领导者 (者, a Hui surname).
FUNCTION_WORDS = "和与及同跟向对为在从由被把将给让于以就也都还又再并到来但有能经时所其要是者"

# Minority surnames and name-initial syllables, by the naming tradition they come from.
_MINORITY = {
    # Hui surnames of the northwest (纳, 撒, 喇, 妥, 冶, 锁, 拜, 敏 …).
    "hui": "马 纳 撒 喇 妥 冶 锁 拜 敏 虎 者 摆 黑 哈 海 米 穆 达 脱 改 尕 剪 铁 回 朵 拓 丁 白 沙",
    # Korean surnames as written in Chinese characters (朴, 崔, 玄, 具, 表, 片 …).
    "korean": "朴 崔 金 郑 姜 权 玄 禹 车 具 延 表 俞 池 元 千 秋 都 玉 庆 睦 琴 奉 卓 太 片 鞠 慎 宣 夫 闵 卞 庾",
    # Manchu clan names in their usual Chinese surname forms (关, 佟, 那, 富 …) and two-character clans.
    "manchu": "关 佟 那 郎 富 索 鄂 依 尼 舒 穆 常 德 图 肇 完颜 纳兰 那拉 富察 佟佳",
    # First syllables of Tibetan names, which have no surname (扎西, 次仁, 格桑, 洛桑, 尼玛 …).
    "tibetan": "扎 次 格 洛 尼 达 多 平 旺 索 边 普 巴 拉 央 卓 德 白 措 益 丹 强 顿 贡 嘎 桑 泽 才 曲 群 罗 阿 土 仁 旦 朗 华",
    # Mongolian names written without a surname (巴雅尔, 乌兰, 其其格, 宝音 …).
    "mongolian": "巴 乌 其 宝 额 敖 包 那 苏 孟 特 吉 朝 斯 图",
    # Uyghur and Kazakh names written without the middle dot (艾力, 热合曼, 买买提, 吐尔逊 …).
    "uyghur": "阿 艾 买 吐 热 努 帕 古 迪 依 库 肉 伊 哈 亚 吾 克 托 塔",
    # Yi, Dai, Bai and Naxi names (沙马, 吉克, 刀, 岩 and 玉 as the Dai male and female prefixes, 木),
    # and the Dai surname 线 of Dehong and the Bai and Yi surname 字 of Dali.
    "southwest": "沙 吉 俄 刀 岩 玉 木 咪 和 线 字",
}


def jionlp_lists() -> tuple[str, str, list[str]]:
    """(百家姓 singles, jionlp's unambiguous singles, compound surnames), read without importing jionlp
    (its import loads models)."""
    spec = importlib.util.find_spec("jionlp")
    if spec is None or spec.origin is None:
        raise SystemExit("jionlp is not installed")
    source = (Path(spec.origin).parent / "rule" / "rule_pattern.py").read_text(encoding="utf-8")
    values: dict[str, list[str]] = {}
    for node in ast.parse(source).body:
        target = node.targets[0] if isinstance(node, ast.Assign) else None
        if isinstance(target, ast.Name) and target.id in ("SINGLE_CHINESE_FAMILY_NAME", "TWO_CHAR_CHINESE_FAMILY_NAME"):
            values.setdefault(target.id, []).append(ast.literal_eval(node.value))
    singles = values["SINGLE_CHINESE_FAMILY_NAME"]
    # The module assigns the name twice: first all of 百家姓, then the unambiguous subset.
    return singles[0], singles[-1], values["TWO_CHAR_CHINESE_FAMILY_NAME"][0].split("|")


def _orcid_modern(known: set[str]) -> list[str] | None:
    """Modern single-character surnames from sinonym's ORCID frequencies, or None when not installed."""
    spec = importlib.util.find_spec("sinonym")
    if spec is None or spec.origin is None:
        return None
    data = Path(spec.origin).parent / "data"
    with open(data / "givenname_orcid.csv", encoding="utf-8") as f:
        given = {r["character"]: float(r["ppm"]) for r in csv.DictReader(f)}
    with open(data / "familyname_orcid.csv", encoding="utf-8") as f:
        rows = [(r["surname"], float(r["ppm"])) for r in csv.DictReader(f)]
    return [s for s, ppm in rows if len(s) == 1 and s not in known and ppm >= 20 and ppm > given.get(s, 0.0)]


def _previous_section(name: str) -> list[str]:
    """Surnames of one section of the current file (kept when its source is not installed)."""
    out, inside = [], False
    for line in LEXICON.read_text(encoding="utf-8").splitlines() if LEXICON.exists() else []:
        if line.startswith("# =="):
            inside = line.strip() == f"# == {name}"
        elif inside and line and not line.startswith("#"):
            out.append(line.split("\t")[0])
    return out


def build() -> str:
    """The text of surnames.txt: one `surname<TAB>class` per line, in sections by source."""
    classic, unambiguous, compound = jionlp_lists()
    known = set(classic) | set(compound)
    modern = _orcid_modern(known)
    if modern is None:
        modern = _previous_section("modern")
    sections: list[tuple[str, list[str]]] = [("baijiaxing", list(classic) + compound), ("modern", modern)]
    for group, words in _MINORITY.items():
        sections.append((group, words.split()))

    def cls(s: str) -> str:
        if s in FUNCTION_WORDS:
            return "function"
        # Compound surnames may be words too (东方, 西门, 第五): ambiguous, like most single ones.
        return "plain" if s in unambiguous else "ambiguous"

    lines = [
        "# Generated by `python -m extractors.build_surnames` (see its docstring for the sources); do not edit.",
        "# surname<TAB>class. plain: a surname suffices; ambiguous: the name must not be a common word;",
        "# function: usually a conjunction or preposition after a title (和, 向): no part of the name",
        "# may be a common word. A surname listed in several sections keeps its first line.",
    ]
    seen: set[str] = set()
    for name, words in sections:
        lines.append(f"# == {name}")
        for s in words:
            if s not in seen:
                seen.add(s)
                lines.append(f"{s}\t{cls(s)}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    LEXICON.write_text(build(), encoding="utf-8")
    print(f"wrote {LEXICON}")
