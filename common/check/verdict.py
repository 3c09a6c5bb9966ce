"""Deciding, from the records alone: each step's counts, its verdict, the names it misses, the failures
of one cause, and where to look first. No text here: report.py says what this decides."""
import ast
import dataclasses
import re
import typing
from collections import defaultdict

from common import catalog
from common.check.records import Cut, Difference, Function, Problem, Result, Stop, StepResult, TestOutcome
from common.check import source
from common.check.source import defined_names, sections


def section_of(headers, test):
    """The header of the section a test is in, or None before the first."""
    return next((h for h in reversed(headers) if h[0] < test.line), None)


@dataclasses.dataclass
class Group:
    """A section of the step's test file, and its tests' outcomes."""
    step: typing.Optional[int]  # None: the tests before the first section header
    passed: int = 0
    failed: typing.List[TestOutcome] = dataclasses.field(default_factory=list)
    skipped: typing.List[TestOutcome] = dataclasses.field(default_factory=list)
    ahead: typing.List[TestOutcome] = dataclasses.field(default_factory=list)
    not_book: typing.Dict[str, int] = dataclasses.field(default_factory=dict)  # skipped for a name the book lacks here
    other: typing.Dict[str, int] = dataclasses.field(default_factory=dict)     # skipped for another reason

    @property
    def quiet(self):
        """Passed, with nothing else to say."""
        return self.step is not None and self.passed and not (self.failed or self.ahead or self.skipped)


@dataclasses.dataclass
class Missing:
    name: str
    step: int          # where the book brings it
    count: int         # the tests skipped for it
    every: bool        # the whole test file was skipped for it


@dataclasses.dataclass
class Suspect:
    """The learner's function most likely at fault, and why: the tests it ran in, the errors raised there."""
    function: Function
    failed_in: int
    failing: int
    passed_in: int
    passing: int
    raised_in: int

    @property
    def raised_mostly(self):
        return self.raised_in * 2 > self.failing


# findings that are no record of the child's: a step's line names the first of its findings

@dataclasses.dataclass
class Taken:
    folder: str
    names: typing.List[str]


@dataclasses.dataclass
class TestsNotStarted:
    __test__ = False
    error: str


@dataclasses.dataclass
class NotRun:
    """Tests collected that got no outcome, and why the run of the tests ended."""
    count: int
    timed_out: int  # tests that ran past the time limit
    cut: typing.Optional[Cut]


@dataclasses.dataclass
class NumpyNote:
    """The book's numerical_diff fails on a 0-d input here."""


@dataclasses.dataclass
class UnitProblem:
    index: int
    problem: Problem
    undefined: typing.List[str] = dataclasses.field(default_factory=list)  # a failed import's names, needed later


def failure_cause(test):
    """What makes two failures one cause: the same error (a limit hit at one place, or one message)."""
    if test.stop and test.stop.at_a_limit:
        place = test.places[-1] if test.places else None
        return test.stop, place and (place.function or place.label, place.label, place.line)
    return test.message or test.check


@dataclasses.dataclass
class StepVerdict:
    result: StepResult
    groups: typing.List[Group]
    causes: typing.List[typing.List[TestOutcome]]  # failures of one cause, two or more
    missing: typing.List[Missing]
    example: typing.Optional[Difference] = None

    @property
    def passed(self):
        return sum(group.passed for group in self.groups)

    @property
    def failed(self):
        return sum(len(group.failed) for group in self.groups)

    @property
    def passes(self):
        r = self.result
        return (self.failed == 0 and not self.missing and not r.problem and self.passed > 0 and not r.taken
                and not r.not_run and not self.example)

    def alone(self, group):
        """A group's failures that are not of a shared cause."""
        shared = {id(test) for tests in self.causes for test in tests}
        return [test for test in group.failed if id(test) not in shared]


def grouped(step, tests, only_own):
    headers = sections(step)
    groups = {None: Group(None)}
    groups.update({h: Group(h[1]) for h in (headers[-1:] if only_own else headers)})
    for test in tests:
        if test.every:
            continue
        group = groups[section_of(list(groups)[1:], test)]
        if test.result is Result.PASSED:
            group.passed += 1
        else:
            kept = {Result.FAILED: group.failed, Result.SKIPPED: group.skipped, Result.AHEAD: group.ahead}
            kept[test.result].append(test)
        if test.result is Result.SKIPPED:
            lacking = [name for name in test.needs if name in catalog.NAMES and step not in catalog.book_steps(name)]
            for name in lacking:
                group.not_book[name] = group.not_book.get(name, 0) + 1
            if not test.needs:
                group.other[test.message] = group.other.get(test.message, 0) + 1
    return [group for group in groups.values() if group.passed or group.failed or group.skipped or group.ahead]


def missing_names(step, tests):
    """The book's names at step that the tests were skipped for, in the order the book brings them."""
    counts, every = defaultdict(int), set()
    for test in tests:
        if test.result is Result.SKIPPED:
            for name in test.needs:
                if step in catalog.book_steps(name):
                    counts[name] += 1
                    if test.every:
                        every.add(name)
    return [Missing(name, catalog.book_steps(name)[0], count, name in every)
            for name, count in sorted(counts.items(), key=lambda item: catalog.book_steps(item[0])[0])]


def shared_causes(tests):
    by_cause = defaultdict(list)
    for test in tests:
        if test.result is Result.FAILED and test.values is None:
            by_cause[failure_cause(test)].append(test)
    return [tests for tests in by_cause.values() if len(tests) > 1]


def step_verdict(result, example=None, only_own=False):
    return StepVerdict(result, grouped(result.step, result.tests, only_own), shared_causes(result.tests),
                       missing_names(result.step, result.tests), example)


def earliest(result):
    """The earliest step (by the sections of the test file) with a failing test, or None."""
    headers = sections(result.step)
    failing = {(section_of(headers, t) or (None, result.step))[1] for t in result.tests if t.result is Result.FAILED}
    return min(failing, default=None)


def suspect(tests, as_book=()):
    """The learner's function most likely at fault: Ochiai's score over which functions ran in the
    failing tests and the passing ones, plus where the failing tests' errors were raised. A function
    just as the book's is not where the slip is."""
    failing = [t for t in tests if t.result is Result.FAILED]
    passing = [t for t in tests if t.result is Result.PASSED]
    if not failing:
        return None
    ef, ep, raised = defaultdict(int), defaultdict(int), defaultdict(int)
    for test in failing:
        for f in set(test.ran):
            ef[f] += 1
        if test.stop is Stop.ERROR and test.places:
            place = test.places[-1]
            raised[next((f for f in ef if f.function == place.function and f.label == place.label), None)] += 1
    for test in passing:
        for f in set(test.ran):
            ep[f] += 1
    raised.pop(None, None)
    changed = {f for f in ef if f not in set(as_book)}
    if changed:
        ef = {f: n for f, n in ef.items() if f in changed}
    if not ef:
        return None
    score = {f: ef[f] / (len(failing) * (ef[f] + ep[f])) ** 0.5 + raised[f] / len(failing) for f in ef}
    best = max(score, key=lambda f: (score[f], -ep[f]))
    return Suspect(best, ef[best], len(failing), ep[best], len(passing), raised[best])


@dataclasses.dataclass
class Units:
    """The units of a check that raised or were stopped at the time limit, as the verdict counts them."""
    problems: typing.Dict[int, Problem]
    raised: typing.List[int]
    stopped: typing.List[int]
    stopped_own: typing.List[int]  # of the section checked: what they would have defined was never tested
    files_raised: typing.List[int] = dataclasses.field(default_factory=list)  # files of the section checked
    # whose import failed (a package's, or one of theirs): `python stepNN.py` does not run. Another error
    # may be the book's own demonstration (step 9's `Variable(1.0)`), and is said but not judged
    undefined: typing.Dict[int, typing.List[str]] = dataclasses.field(default_factory=dict)  # a failed import:
    # the names it left undefined that later code needed
    follow: typing.List[int] = dataclasses.field(default_factory=list)  # units whose NameError follows from one


NAME_ERROR = re.compile(r"NameError: name '(\w+)' is not defined")


def imported_names(code, line):
    """The names the import statement at a line of code binds: `from dezero import Variable` -> Variable."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        return []
    statements = [node for node in ast.walk(tree)
                  if isinstance(node, (ast.Import, ast.ImportFrom)) and node.lineno <= line <= node.end_lineno]
    return list(dict.fromkeys((alias.asname or alias.name).split('.')[0]
                              for node in statements for alias in node.names))


def failed_import(problem):
    return bool(problem.no_module) or problem.error.startswith(('ImportError', 'ModuleNotFoundError'))


def units_of(plan, check, outcome):
    problems = {i: outcome.units[i] for i in check.run if outcome.units.get(i)}
    section = check.section
    own = set(range(section.start, section.end)) if section else set(check.run)
    stopped = [i for i, problem in problems.items() if problem.stop is Stop.TIME]
    raised = [i for i, problem in problems.items() if problem.stop not in (Stop.TIME, Stop.SYNTAX)]
    files = [i for i in raised if i in own and plan.units[i].is_file and problems[i].stop is Stop.ERROR
             and (plan.units[i].package or failed_import(problems[i]))]
    units = Units(problems, raised, stopped, [i for i in stopped if i in own], files)
    for i, problem in problems.items():
        if failed_import(problem):
            names = imported_names(plan.units[i].code, problem.at.line)
            follow = [j for j, later in problems.items() if j > i and (m := NAME_ERROR.match(later.error))
                      and m[1] in names]
            units.follow += follow
            units.undefined[i] = names
    return units


def no_code(plan, check, result):
    """A section that defines none of the book's names, after cells that define no Variable or Function."""
    section = check.section
    return bool(section and any(t.every for t in result.tests) and not any(
        defined_names(plan.units[i].code) & set(catalog.NAMES) for i in range(section.start, section.end)))


def first_findings(verdict, units):
    """What a step's line in a whole-notebook report names first, in this order: a class on an older
    base, names not the learner's, a cell stopped at its limit, a cell that raised, then the step's own
    findings (records, each of one kind)."""
    result = verdict.result
    found = list(result.stale) + [Taken(folder, names) for folder, names in taken_by_folder(result.taken).items()]
    found += [UnitProblem(i, units.problems[i]) for i in units.stopped]
    found += unit_problems(units, verdict.missing)
    found += list(result.leftovers) + ([TestsNotStarted(result.problem)] if result.problem else [])
    found += [test for group in verdict.groups for test in verdict.alone(group)]
    found += [not_run(result)] if result.not_run else []
    found += [verdict.example] if verdict.example else []
    found += [NumpyNote()] if result.numpy_note else []
    return found + list(verdict.missing)


def unit_problems(units, missing=()):
    """The units that raised, each once: a NameError that follows from a failed import is said with
    the import, which names what it left undefined (the names later cells and the tests needed)."""
    needed = {m.name for m in missing} | {NAME_ERROR.match(units.problems[j].error)[1] for j in units.follow}
    return [UnitProblem(i, problem, [n for n in units.undefined.get(i, []) if n in needed])
            for i, problem in units.problems.items() if i not in units.follow]


def not_run(result):
    return NotRun(result.not_run, sum(t.stop is Stop.TIME for t in result.tests), result.cut)


def taken_by_folder(taken):
    by_folder = defaultdict(list)
    for name, folder in taken.items():
        by_folder[folder].append(name)
    return dict(by_folder)


@dataclasses.dataclass
class Detached:
    """Operators an earlier unit attached to a class that a later unit defines again (source.lost_attachments)."""
    name: str
    attributes: typing.List[str]
    again: str     # the unit that defines the class again
    attached: str  # the unit that attached them: the one to run again


def detached(plan, check):
    """The book's attributes at the step that the learner's classes lost, namespace by namespace."""
    book = source.book_attributes(check.step)
    wanted = lambda cls, attribute: cls in catalog.NAMES and attribute in book.get(cls, ())  # noqa: E731
    by_namespace = defaultdict(list)
    for i in check.run:
        unit = plan.units[i]
        if not unit.package:
            by_namespace[unit.namespace].append((unit.label, unit.code))
    return [Detached(*found) for units in by_namespace.values() for found in source.lost_attachments(units, wanted)]


@dataclasses.dataclass
class Checked:
    """The verdict of one check: its units, and its step's (None if the run ended before its tests)."""
    check: object
    units: Units
    verdict: typing.Optional[StepVerdict] = None
    no_code: bool = False
    detached: typing.List[Detached] = dataclasses.field(default_factory=list)

    @property
    def good(self):
        return (self.verdict is not None and not self.no_code and self.verdict.passes and not self.units.stopped_own
                and not self.units.files_raised)


def decide(plan, check, outcome, only_own=False):
    result = next((r for r in outcome.steps if r.step == check.step), None)
    units = units_of(plan, check, outcome)
    if result is None:
        return Checked(check, units)
    return Checked(check, units, step_verdict(result, outcome.examples.get(check.step), only_own),
                   no_code(plan, check, result), detached(plan, check))


@dataclasses.dataclass
class Whole:
    """The verdict of every step section of a notebook or folder."""
    steps: typing.List[Checked]
    unfinished: bool

    @property
    def bad(self):
        return [c.check.step for c in self.steps if not c.good and not c.no_code]

    @property
    def empty(self):
        return sum(c.no_code for c in self.steps)

    @property
    def all_good(self):
        return not self.bad and not self.unfinished

    @property
    def passes(self):
        return self.all_good and len(self.steps) > self.empty


def decide_every(plan, checks, outcome):
    return Whole([decide(plan, check, outcome, only_own=True) for check in checks], bool(outcome.unfinished))
