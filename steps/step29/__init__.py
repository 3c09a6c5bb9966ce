# The book's dezero/__init__.py. It makes this folder a package: copied (or
# linked) under the name `dezero`, `from dezero import Variable` works as in
# the book's later steps. The book's dezero/core_simple.py is core.py here.
from .core import Variable
from .core import Function
from .core import using_config
from .core import no_grad
from .core import as_array
from .core import as_variable
from .core import setup_variable

setup_variable()
