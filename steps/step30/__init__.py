# The book's dezero/__init__.py; core.py here is the book's dezero/core_simple.py.
# The book's step28.py and step29.py read is_simple_core.
is_simple_core = True

from .core import Variable
from .core import Function
from .core import using_config
from .core import no_grad
from .core import as_array
from .core import as_variable
from .core import setup_variable

setup_variable()
