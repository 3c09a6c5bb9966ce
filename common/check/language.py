"""The checker's languages, from common.words: the one catalog and the one rule."""
from common.words import LOCALE, MO, PO, language, words  # noqa: F401
