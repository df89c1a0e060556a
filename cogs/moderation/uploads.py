"""An uploaded `/entry import` attachment (one YAML file, or a zip of them) as jurisdictions, read within the
import budgets (`db.import_budget`). CPU work: the command runs it in a worker thread. The budgets module (and
PyYAML with it, ~0.5 MB) is imported on the first upload, not when the bot starts: most bots never see one."""

from __future__ import annotations

from app.i18n import t
from db.registry import InvalidEdit
from jurisdictions.loader import DataError
from jurisdictions.schema import Jurisdiction


def parse_upload(filename: str, content: bytes, lang: str = "en") -> list[Jurisdiction]:
    """Jurisdictions from an uploaded YAML file or a zip of them, within the import budgets
    (`db.import_budget`); every problem listed, nothing partial (raises the registry's InvalidEdit). CPU work:
    the command runs it in a worker thread."""
    from db import import_budget

    try:
        docs, errors = import_budget.read_upload(filename, content)  # looked up on use (tests spy on it)
    except import_budget.BudgetExceeded as exc:
        raise InvalidEdit(t(f"budget_{exc.key}", lang, **exc.params)) from None
    except DataError as exc:
        raise InvalidEdit(str(exc)) from None
    if errors:
        raise InvalidEdit("\n".join(errors[:20]) + (f"\n… +{len(errors) - 20}" if len(errors) > 20 else ""))
    return docs
