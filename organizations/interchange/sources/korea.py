"""Korea's government organisation chart (org.go.kr) as published."""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext as _

from ...models import Unit
from ..dataset import Dataset, Problem, UnitIn
from .base import clean, csv_records, date_or_none, parser, read_text


@parser("korea-gov-org")
def korea(path: Path) -> Dataset:
    """data.go.kr 정부조직도 기구정보 (``data-sources/gov-org-info.csv``): one row per law
    version and organisation; the rows still in force (종료일자 9999-12-31), latest
    registration first, give each organisation its current name and parent."""
    if path.is_dir():
        path = path / "data-sources" / "gov-org-info.csv"
    dataset = Dataset(source=str(path))
    current: dict[str, tuple[int, dict]] = {}
    for line, row, error in csv_records(read_text(path)):
        if error:
            dataset.problems.append(Problem(line, error))
            continue
        if not (row.get("종료일자") or "").startswith("9999"):
            continue
        code = clean(row.get("기관코드"))
        if code in current and current[code][1]["등록일자"] >= row["등록일자"]:
            continue
        current[code] = (line, row)
    codes = set(current)
    for code, (line, row) in sorted(current.items(), key=lambda item: item[1][0]):
        parent = clean(row.get("상위기관코드"))
        if parent == code:
            parent = ""
        elif parent and parent not in codes:
            dataset.warnings.append(
                Problem(
                    line,
                    _("parent “%(id)s” is not in the file: placed at the top") % {"id": parent},
                )
            )
            parent = ""
        english, korean = (
            clean(row.get("기관영문")),
            clean(row.get("기관전체명") or row.get("기관명")),
        )
        kind = {
            "부": Unit.Kind.MINISTRY,
            "처": Unit.Kind.AGENCY,
            "청": Unit.Kind.AGENCY,
            "위원회": Unit.Kind.STATE_COMMITTEE,
            "대통령": Unit.Kind.GOVERNMENT,
            "국무총리": Unit.Kind.GOVERNMENT,
        }.get(clean(row.get("소분류")), Unit.Kind.OTHER)
        dataset.units.append(
            UnitIn(
                code=f"KR-{code}",
                name=english or korean,
                parent=f"KR-{parent}" if parent else None,
                kind=kind,
                names={"ko": korean, **({"en": english} if english else {})},
                short_name=clean(row.get("기관영문약어"))[:60],
                short_names={"ko": clean(row.get("기관약어"))[:60]}
                if clean(row.get("기관약어"))
                else {},
                established_on=date_or_none(row.get("등록일자")),
                line=line,
            )
        )
    return dataset
