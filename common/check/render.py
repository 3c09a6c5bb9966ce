"""The report laid out, last: from the plan, the outcome and the verdict (verdict.py), in the words of
report.Report. Nothing here decides, and nothing reads back a line it made."""
from common import catalog
from common.check import verdict
from common.check.report import bare


def one_step(say, plan, check, outcome):
    """The report of `check N`: its lines and whether everything passed."""
    step = check.step
    info = catalog.STEPS[step - 1]
    decided = verdict.decide(plan, check, outcome)
    lines = [say.t('title', step=step, korean=info.korean, english=info.english, source=say.source(plan))]
    lines += read_lines(say, plan, check)
    v = decided.verdict
    lines += unit_lines(say, plan, decided)
    if v:
        first_failing = verdict.earliest(v.result)
        if first_failing:
            lines.append(say.t('earliest', head=say.step_head(first_failing)))
        lines += look_lines(say, plan, decided)
        if decided.no_code:
            lines += ['', say.t('no_code', mark='·', head=say.step_head(step))]
        lines += body(say, v, covered(decided))
    if outcome.unfinished:
        lines += ['', say.unfinished(outcome)]
    good = decided.good and not outcome.unfinished
    if v:
        stopped = [plan.units[i].label for i in decided.units.stopped_own]
        sentence = say.t('good' if good else 'bad', step)
        if decided.units.files_raised:
            sentence = say.t('file_raised', labels=', '.join(plan.units[i].label for i in decided.units.files_raised))
        if stopped:
            sentence = say.t('cell_unfinished', labels=', '.join(stopped), limit=say.limits['cell'])
        missing = len(v.missing)
        missing = say.t('missing_one' if missing == 1 else 'missing_many', count=missing)
        lines += ['', say.t('summary', mark='✓' if good else '✗', passed=v.passed, failed=v.failed, missing=missing,
                            cells=say.cells(plan, decided.units), verdict=sentence)]
    return lines, good


def every_step(say, plan, checks, outcome):
    """The report of a whole notebook (or a folder of step files): a line a step, then the first failure."""
    whole = verdict.decide_every(plan, checks, outcome)
    lines, details = [say.t('every_title', source=plan.source, count=len(checks)), ''], None
    for decided in whole.steps:
        step, v = decided.check.step, decided.verdict
        if v is None:
            continue
        if decided.no_code:
            lines.append(say.t('no_code', mark='·', head=say.step_head(step)))
            continue
        counts = say.t('passed', passed=v.passed) + (say.t('failed', v.failed) if v.failed else '')
        first = ''
        findings = decided.detached + verdict.first_findings(v, decided.units)
        if findings and (not decided.good or decided.units.problems):  # a cell that raised, in a step that passes
            first = say.t('first', bare(say.finding(findings[0], plan)))
        if not decided.good and details is None:
            details = [say.t('detail', step=step)] + unit_lines(say, plan, decided) + look_lines(say, plan, decided)
            details += body(say, v, covered(decided))
        info = catalog.STEPS[step - 1]
        lines.append(say.t('every_line', mark='✓' if decided.good else '✗', step=step,
                           title=info.title(say.lang),
                           counts=counts + say.cells(plan, decided.units), first=first))
    if details:
        lines += [''] + details
    if outcome.unfinished:
        lines += ['', say.unfinished(outcome)]
    lines.append('')
    if whole.all_good and whole.empty:
        lines.append(say.t('every_some', good=len(checks) - whole.empty, empty=whole.empty))
    elif whole.all_good:
        lines.append(say.t('every_good', count=len(checks)))
    else:
        counted = len(checks) - whole.empty
        lines.append(say.t('every_bad', good=counted - len(whole.bad), count=counted, steps=', '.join(map(str, whole.bad))))
    return lines, whole.passes


def read_lines(say, plan, check):
    """What was read: the cells taken as step N, or the files of a folder."""
    section, units_run = check.section, check.run
    lines = [say.t(key, **fields) for key, fields in plan.notes]
    if plan.source == 'this notebook' and plan.units:
        return [say.t('read_kernel', first=plan.units[0].label, last=plan.units[-1].label)] + lines
    if plan.fresh:
        return lines
    if section and not units_run:
        return lines + [say.t('read_nothing', step=check.step, heading=section.heading)]
    if section and section.end > section.start:
        return lines + [say.t('read_section', first=plan.units[units_run[0]].label,
                              last=plan.units[units_run[-1]].label, step=check.step, heading=section.heading)]
    if section:
        return lines + [say.t('read_empty', last=plan.units[units_run[-1]].label, step=check.step,
                              heading=section.heading)]
    if plan.source.endswith('.ipynb'):
        return lines + [say.t('read_whole', count=len(plan.units))]
    return lines


def unit_lines(say, plan, decided):
    """The units that raised or stopped, each once, then the classes that lost attached operators."""
    found = verdict.unit_problems(decided.units, decided.verdict.missing if decided.verdict else ())
    return [say.finding(f, plan) for f in found] + [say.detached(d) for d in decided.detached]


def look_lines(say, plan, decided):
    """Where to look first, unless a class defined again, or one built on an older base, explains the
    failures (the suspect would be a neighbour of the cause)."""
    v = decided.verdict
    lead = verdict.suspect(v.result.tests, v.result.as_book)
    if not lead or decided.detached or v.result.stale:
        return []
    return [say.look(lead)] + (diff_lines(say, plan, v.result.step, lead.function) if say.show_diff else [])


def covered(decided):
    """The missing names that a failed import's line already names."""
    return {name for found in verdict.unit_problems(decided.units, decided.verdict.missing) for name in found.undefined}


def body(say, v, covered=()):
    """The lines of one step's results: leftovers, causes, sections, failures, missing names."""
    result, step = v.result, v.result.step
    lines = [say.leftover(note) for note in result.leftovers] + [say.stale(note) for note in result.stale]
    lines += [say.finding(verdict.Taken(folder, names), None)
              for folder, names in verdict.taken_by_folder(result.taken).items()]
    if result.problem:
        lines.append(say.t('problem', result.problem))
    by_value = [test for test in result.tests if test.by_value]
    if by_value:
        lines.append(say.t('by_value', count=say.tests(len(by_value)), step=by_value[0].ahead))
    for tests in v.causes:
        steps = sorted({group.step or step for group in v.groups
                        if any(t is test for t in group.failed for test in tests)})
        lines.append(say.t('failure_many', count=say.tests(len(tests)), message=say.failure_message(tests[0]),
                           what=say.sentence(tests[0]), steps=say.span(steps)))
    quiet = []  # passing sections with nothing else to say, shown as one line
    for group in v.groups + [None]:
        if group is not None and group.quiet:
            quiet.append(group)
            continue
        if len(quiet) == 1:
            lines.append(say.t('section', mark='✓', head=say.step_head(quiet[0].step), passed=quiet[0].passed))
        elif quiet:
            lines.append(say.t('sections', first=quiet[0].step, last=quiet[-1].step,
                               passed=sum(g.passed for g in quiet)))
        quiet.clear()
        if group is not None:
            lines += group_lines(say, v, group)
    if result.not_run:
        lines.append(say.finding(verdict.not_run(result), None))
    lines += example_lines(say, step, v.example)
    if result.numpy_note:
        lines.append(say.finding(verdict.NumpyNote(), None))
    missing = [m for m in v.missing if m.name not in covered]
    if missing:
        lines.append(say.t('missing'))
        lines += [say.missing(m) for m in missing]
    return lines


def group_lines(say, v, group):
    """A section of the test file that has something to say: its counts, skips, tests ahead, failures."""
    failed, skipped, ahead = group.failed, group.skipped, group.ahead
    head = say.step_head(group.step) if group.step else '…'
    mark = '✗' if failed else '✓' if group.passed or ahead else '·'
    lines = [say.t('section', mark=mark, head=head, passed=group.passed)
             + (say.t('failed', len(failed)) if failed else '') + (say.t('skipped', len(skipped)) if skipped else '')
             + (say.t('ahead', len(ahead)) if ahead else '')]
    lines += [say.t('not_book', count=say.tests(count), name=name, step=v.result.step)
              for name, count in group.not_book.items()]
    lines += [say.t('other', count=say.tests(count), reason=reason) for reason, count in group.other.items()]
    lines += [say.t('ahead_test', what=say.sentence(test), step=test.ahead) for test in ahead if not test.by_value]
    return lines + [say.failure(test) for test in v.alone(group)]


def example_lines(say, step, found):
    """Where the learner's example prints otherwise than the book's (common.check.example): the
    line, then a few lines of both outputs around it."""
    if not found:
        return []
    lines = [say.example(found), say.t('example_yours')] + ['    | ' + line for line in found.mine_lines]
    return lines + [say.t('example_books', step=step)] + ['    | ' + line for line in found.book_lines]


def diff_lines(say, plan, step, function):
    """--diff: the suspect function of the learner's beside the book's."""
    from common.check import diff
    unit = next((u for u in plan.units if u.label == function.label), None)
    if unit is not None:
        code = unit.code
    else:
        from pathlib import Path
        found = [p for folder in plan.paths for p in Path(folder).rglob(function.label)]
        code = found[0].read_text(encoding='utf-8') if found else None
    lines = diff.side_by_side(code and diff.find(code, line=function.line),
                              '{} ({})'.format(function.function, function.label), step, function.function)
    if lines is None:
        return [say.t('no_diff', function=function.function, step=step)]
    return [say.t('diff', function=function.function, step=step)] + ['    ' + line for line in lines]
