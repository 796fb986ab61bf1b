"""Numbers, codes and lists in a document's digits: the one formatter every output shares (report, follow-up, text)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

from ..exact import round_half_up
from ..thai import Digits, format_number, format_year, percent_phrase, to_thai_digits

__all__ = ["Fmt", "place_line"]

_CODE = re.compile(r"^([A-Za-z]+)(\d+)$")


class Fmt:
    """Numbers and counts in the report's digits (Thai ๙๗.๒๐ or Arabic 97.20)."""

    def __init__(self, digits: Digits) -> None:
        self.digits = digits

    def num(self, value: Fraction | Decimal | int | None) -> str:
        """A score: two decimals, half-up; ``-`` where there is none."""
        return "-" if value is None else format_number(value, 2, digits=self.digits)

    def signed(self, value: Fraction | Decimal | int | None) -> str:
        """A change: two decimals with its sign (+1.50, -0.25, +0.00); ``-`` where there is none."""
        return "-" if value is None else self.text(f"{round_half_up(value):+.2f}")

    def amount(self, value: int) -> str:
        """A count of agencies or respondents, grouped in thousands (8,303)."""
        return format_number(value, 0, digits=self.digits)

    def small(self, value: Fraction) -> str:
        """A gain in the total: two decimals, or "less than 0.01" rather than a misleading 0.00."""
        if value > 0 and round_half_up(value) == 0:
            return f"น้อยกว่า {self.num(Decimal('0.01'))}"
        return self.num(value)

    def count(self, value: int) -> str:
        """A whole number."""
        return to_thai_digits(str(value)) if self.digits == "thai" else str(value)

    def text(self, value: str) -> str:
        """Any text with its digits in the report's digits."""
        return to_thai_digits(value) if self.digits == "thai" else value

    def weight(self, value: Fraction) -> str:
        """A weight as "ร้อยละ ๓๐"."""
        return percent_phrase(value, 0 if value.denominator == 1 else 2, digits=self.digits)

    def year(self, year: int) -> str:
        """A fiscal year as "พ.ศ. ๒๕๖๕"."""
        return format_year(year, digits=self.digits)

    def indicator(self, number: int, name: str) -> str:
        """An indicator as "ตัวชี้วัดที่ ๒ การใช้งบประมาณ"."""
        return f"ตัวชี้วัดที่ {self.count(number)} {name}".rstrip()

    def code(self, code: str) -> str:
        """A question or item code as the reports write it: ๑๓, E๖, O๒๙ in Thai digits; i13, e6, o29 otherwise."""
        if self.digits != "thai":
            return code
        match = _CODE.match(code)
        if match is None:
            return to_thai_digits(code)
        letters, number = match.groups()
        prefix = "" if letters.casefold() == "i" else letters.upper()
        return prefix + to_thai_digits(number)

    def number_set(self, numbers: Sequence[int]) -> str:
        """Several numbers as Thai writing gives them: runs of three or more as a range ("๖–๘"), the rest listed,
        the last joined by และ ("๙ และ ๑๐", "๑ ๓–๕ และ ๗")."""
        ordered = sorted(set(numbers))
        runs: list[list[int]] = []
        for n in ordered:
            if runs and n == runs[-1][-1] + 1:
                runs[-1].append(n)
            else:
                runs.append([n])
        parts: list[str] = []
        for run in runs:
            if len(run) >= 3:
                parts.append(f"{self.count(run[0])}–{self.count(run[-1])}")
            else:
                parts += [self.count(n) for n in run]
        if len(parts) == 1:
            return parts[0]
        return " ".join(parts[:-1]) + f" และ {parts[-1]}"

    def numbered(self, number: int, title: str) -> str:
        """A section title: "๓. การวิเคราะห์ผลการประเมิน"."""
        return f"{self.count(number)}. {title}"

    def lines(self, items: Sequence[str], start: int = 1) -> str:
        """Items one a line, numbered from ``start`` when more than one (or when continuing a list)."""
        if len(items) == 1 and start == 1:
            return items[0]
        return "\n".join(f"{self.count(n)}. {text}" for n, text in enumerate(items, start=start))


def place_line(district: str | None, province: str | None) -> str:
    """ "อำเภอกระบุรี จังหวัดระนอง" from "กระบุรี" and "ระนอง" (a given อำเภอ/เขต/จังหวัด prefix is kept)."""
    parts = []
    if district:
        district = district.strip()
        parts.append(district if district.startswith(("อำเภอ", "เขต", "อ.")) else f"อำเภอ{district}")
    if province:
        province = province.strip()
        bare = province.startswith(("จังหวัด", "จ.")) or province == "กรุงเทพมหานคร"
        parts.append(province if bare else f"จังหวัด{province}")
    return " ".join(parts)
