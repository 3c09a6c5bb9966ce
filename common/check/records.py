"""What crosses the line between the checker's two processes, as data: the plan the parent gives the
child (units of the learner's code, the checks to make) and what the child says back (one event a
line: a unit started or done, a test started, where the learner's code is, a step's results).

Every record is a dataclass with a JSON form: to_json(record) is plain JSON values, and
from_json(Type, data) builds the record again, nested records and enums included. Nothing here is
text for the learner: the report (report.py) says it, from these records and the verdict.
"""
import dataclasses
import enum
import json
import types
import typing


class Stop(str, enum.Enum):
    """What stopped a unit of the learner's code, or a test, before its end."""
    ERROR = 'error'          # an exception of the learner's code (or a failed assert)
    SYNTAX = 'syntax'        # not Python: the unit was skipped
    TIME = 'time'            # ran past its time limit
    MEMORY = 'memory'        # took more than the memory limit
    INPUT = 'input'          # asked for input()
    EXIT = 'exit'            # sys.exit(), os._exit(), unittest.main()
    RECURSION = 'recursion'  # RecursionError

    @property
    def at_a_limit(self):
        """A limit of the checker's stopped it (the learner's code did not end by itself)."""
        return self in (Stop.TIME, Stop.MEMORY, Stop.EXIT, Stop.INPUT)


class Result(str, enum.Enum):
    """A test's outcome."""
    PASSED = 'passed'
    FAILED = 'failed'
    SKIPPED = 'skipped'
    AHEAD = 'ahead'  # failed on a limit the book's code keeps until a later step, which the code is past


class Cut(str, enum.Enum):
    """Why a step's test run ended before every test collected had an outcome."""
    TIME = 'time'            # tests ran past the time limit, again and again
    INTERRUPT = 'interrupt'  # KeyboardInterrupt or pytest.exit() outside a test
    INTERNAL = 'internal'    # the checker's own code


class Ended(str, enum.Enum):
    """Why the child ended before it said 'end'."""
    INTERRUPT = 'interrupt'  # the learner pressed Ctrl-C
    TIME = 'time'            # no word from the child for too long
    DIED = 'died'            # the child's process ended


# -- the plan: from the parent to the child ---------------------------------------------------------

@dataclasses.dataclass
class Unit:
    """One piece of the learner's code, run as a whole: a notebook cell, a file, or a package."""
    label: str          # 'code cell 9', 'In [9]', 'mine.py'
    filename: str       # what tracebacks name; notebook cells get '<code cell 9>'
    code: str = ''
    namespace: str = 'notebook'  # units with one namespace share their names
    package: str = ''   # a package to import (its folder is on sys.path), instead of code
    module: str = '__main__'  # the module name it runs as: a script or a cell runs as __main__, as
                              # `python step07.py` and Jupyter run them; a folder's other modules by their name

    @property
    def is_file(self):
        """A file or a package, known by its name; not a notebook's cell, known by its first line."""
        return bool(self.package) or self.namespace != 'notebook'


@dataclasses.dataclass
class Section:
    step: int
    heading: str
    start: int  # the units of the section are units[start:end]
    end: int


@dataclasses.dataclass
class Check:
    """One step to check: run these units, then the step's tests."""
    step: int
    run: typing.List[int]                    # indices of the units to run first
    section: typing.Optional[Section] = None
    fresh: bool = False                      # start from no names (a folder's step files)
    example: typing.List[int] = dataclasses.field(default_factory=list)  # the units that may run the example
    from_line: typing.Optional[int] = None   # only the tests from this line of the test file on (0-based)


@dataclasses.dataclass
class ChildPlan:
    units: typing.List[Unit]
    paths: typing.List[str]                  # the learner's folders
    checks: typing.List[Check]
    limits: typing.Dict[str, float]          # test, cell (seconds), memory (bytes)


# -- what the child finds -------------------------------------------------------------------------------

@dataclasses.dataclass
class Place:
    """A line of the learner's code."""
    label: str          # the cell or file
    line: int           # 0: no line of the learner's own (a package that failed on import)
    function: str = ''  # '' at a module's top level
    code: str = ''


@dataclasses.dataclass(frozen=True)
class Function:
    """A function of the learner's, as the tests' spectrum knows it."""
    function: str       # its qualified name
    label: str          # the cell or file that defines it
    line: int           # its first line


@dataclasses.dataclass
class Problem:
    """What stopped a unit of the learner's code."""
    stop: Stop
    error: str                          # 'ValueError: bad shape'
    at: Place                           # the unit's own line
    raised: typing.Optional[Place] = None   # where it was raised, deeper in the learner's code
    no_module: str = ''                 # the top-level module an import did not find


@dataclasses.dataclass
class Values:
    """A failed comparison: the learner's value and the book's, as a learner reads them."""
    yours: str
    books: str


@dataclasses.dataclass
class TestOutcome:
    __test__ = False  # not a test class, wherever it is imported
    name: str                     # 'test_add[0-d]'
    line: int                     # its line in the test file (0-based, as pytest's)
    result: Result
    message: str = ''             # what failed, or why it was skipped
    values: typing.Optional[Values] = None
    stop: typing.Optional[Stop] = None  # what stopped the learner's code in it
    places: typing.List[Place] = dataclasses.field(default_factory=list)  # the learner's frames, outermost first
    doc: str = ''                 # what the book's code does (the docstring's first paragraph)
    ran: typing.List[Function] = dataclasses.field(default_factory=list)  # the learner's functions it ran
    ahead: typing.Optional[int] = None       # AHEAD: the step where the book's code gets this far
    changes_at: typing.Optional[int] = None  # the step where the book's code changes what this tests
    needs: typing.List[str] = dataclasses.field(default_factory=list)  # skipped: the names it needs
    every: bool = False           # a skip of the whole test file (Variable or Function missing)
    params: typing.List[str] = dataclasses.field(default_factory=list)  # each parameter's id: ['square', '1-d']
    not_raised: str = ''          # the exception a `pytest.raises` waited for in vain: 'TypeError'
    check: str = ''               # what the assert that failed compares, in a test that makes several
                                  # ('x.grad'); or the whole bare assert, in place of pytest's account of it
                                  # (then message is '')
    by_value: bool = False        # AHEAD: passed with grad read as the array a Variable grad holds


@dataclasses.dataclass
class Leftover:
    """A setting the learner's cells changed after defining it, which each test resets."""
    what: str                     # 'Config.enable_backprop = False'
    where: str                    # the unit that changed it
    default: typing.Any
    recursion: bool = False       # sys.setrecursionlimit, not a Config attribute


@dataclasses.dataclass
class Stale:
    """A class built on an older version of a class the code defined again later."""
    name: str
    base: str
    where: typing.Optional[str] = None  # the unit that defines the class, and those of the old and new base
    old: typing.Optional[str] = None
    new: typing.Optional[str] = None


@dataclasses.dataclass
class Difference:
    """Where the learner's example prints otherwise than the book's (common.check.example)."""
    what: str                          # the print() arguments
    book: str                          # the book's line, and the learner's in its place
    book_at: int
    mine: str
    mine_at: int
    mine_lines: typing.List[str] = dataclasses.field(default_factory=list)  # a few lines around each
    book_lines: typing.List[str] = dataclasses.field(default_factory=list)


# -- the child's events, one JSON object a line -------------------------------------------------------

@dataclasses.dataclass
class UnitStarted:
    index: int
    label: str


@dataclasses.dataclass
class UnitDone:
    index: int
    problem: typing.Optional[Problem] = None


@dataclasses.dataclass
class TestStarted:
    __test__ = False
    name: str
    line: int


@dataclasses.dataclass
class Where:
    """Where the learner's code is now (asked by the parent, or at a time limit)."""
    places: typing.List[Place]


@dataclasses.dataclass
class StepResult:
    step: int
    tests: typing.List[TestOutcome]
    problem: str = ''             # the tests could not start (the test file failed to import)
    leftovers: typing.List[Leftover] = dataclasses.field(default_factory=list)
    taken: typing.Dict[str, str] = dataclasses.field(default_factory=dict)  # name -> the snapshot's folder
    not_run: int = 0              # tests collected that got no outcome
    cut: typing.Optional[Cut] = None
    stale: typing.List[Stale] = dataclasses.field(default_factory=list)
    numpy_note: bool = False      # the book's numerical_diff fails on a 0-d input here
    as_book: typing.List[Function] = dataclasses.field(default_factory=list)  # ran in a failing test, as the book's
    printed: str = ''             # what the units that may run the example printed
    printed_cut: bool = False


@dataclasses.dataclass
class End:
    pass


EVENTS = {'unit': UnitStarted, 'unit_done': UnitDone, 'test': TestStarted, 'where': Where, 'step': StepResult,
          'end': End}
KINDS = {cls: kind for kind, cls in EVENTS.items()}


# -- the JSON form --------------------------------------------------------------------------------------

def to_json(value):
    """A record (or a list or dict of them) as plain JSON values."""
    if dataclasses.is_dataclass(value):
        return {field.name: to_json(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {key: to_json(v) for key, v in value.items()}
    return value


def from_json(kind, data):
    """The value of type `kind` (a record, an enum, a typing.List/Dict/Optional of them) that to_json gave data."""
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        if data is None:
            return None
        return from_json(next(a for a in args if a is not type(None)), data)
    if origin is list:
        return [from_json(args[0], v) for v in data]
    if origin is dict:
        return {key: from_json(args[1], v) for key, v in data.items()}
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        return kind(**{f.name: from_json(hints[f.name], data[f.name]) for f in dataclasses.fields(kind)
                       if f.name in data})
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return kind(data)
    return data


def encode(event):
    """One event as the line the child writes."""
    return json.dumps(dict(to_json(event), e=KINDS[type(event)]), default=str)


def decode(line):
    """The event of a line the child wrote."""
    data = json.loads(line)
    return from_json(EVENTS[data.pop('e')], data)
