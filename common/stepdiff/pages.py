"""The step pages: for every step from 2 on, in English (DIR/en/) and Korean (DIR/ko/), a page
that teaches the step from its change, a page per whole code file, an index per language, and
DIR/index.html to choose the language. Static files, no JavaScript, made with Jinja2."""
import html
import os
import re
from collections import namedtuple
from contextlib import nullcontext
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from common import catalog
from common.stepdiff import files, glance, lessons, render, words

LANGS = ('en', 'ko')
TEMPLATES = Path(__file__).resolve().parent / 'templates'
FileChange = namedtuple('FileChange', 'name status label segments glance')
Segment = namedtuple('Segment', 'kind id title beyond rows')
Item = namedtuple('Item', 'name status kind href')
PYTHON_FILES = ('core.py', 'utils.py', '__init__.py')


def environment():
    """Jinja2's environment for the pages, and their style sheet."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(['html']),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters['code'] = inline_code
    return env, Markup(env.get_template('style.css').render(pygments=render.pygments_css()))


def in_language(lang, **context):
    """A page's context: its language's words, and the other language."""
    return dict(context, lang=lang, other='ko' if lang == 'en' else 'en', t=words.TEXT[lang])


def is_code(name):
    """Whether a file is the framework's code: core.py, utils.py, __init__.py, not a test."""
    return name.endswith('.py') and not name.startswith('test')


def inline_code(text):
    """A title with `names` in backticks, as HTML with <code>."""
    return Markup(re.sub(r'`([^`]+)`', r'<code>\1</code>', html.escape(text, quote=False)))


def slug(name):
    return re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-')


def page_name(number, name=None):
    return 'step{:02d}.html'.format(number) if name is None else 'step{:02d}-{}.html'.format(number, slug(name))


def anchor_of(change, hunks_with_ids):
    """The id of the hunk where an "at a glance" change is seen first."""
    new_lines = change.new.lines if change.new else set()
    old_lines = change.old.lines if change.old else set()
    for hunk_id, hunk in hunks_with_ids:
        if new_lines & hunk.inserted or (change.status != 'moved' and old_lines & hunk.deleted):
            return '#' + hunk_id
    return '#' + hunks_with_ids[0][0] if hunks_with_ids else None


def file_segments(name, old_text, new_text, lang, renumber=None):
    """The file's hunks (titled) and folded stretches, and the hunks with their ids."""
    found, _ = render.segments(old_text, new_text, name, renumber, folds=renumber is None)
    kinds = {unit.name: unit.kind for text in (old_text, new_text) for unit in glance.units(text)}
    beyond = words.TEXT[lang]['beyond']
    out, with_ids = [], []
    for part in found:
        if part[0] == 'fold':
            out.append(Segment('fold', None, words.TEXT[lang]['unchanged'].format(part[2] - part[1] + 1, part[1], part[2]),
                               False, render.rows_html(part[3], beyond)))
            continue
        hunk, rows = part[1], part[2]
        hunk_id = '{}-{}'.format(slug(name), len(with_ids) + 1)
        with_ids.append((hunk_id, hunk))
        title = words.hunk_title(hunk.pieces, kinds, lang)
        if not old_text:
            title = words.TEXT[lang]['whole_file'] if hunk.pieces == [('blank',)] else title
        if hunk.pieces == [('blank',)] and not name.endswith('.py'):
            title = '{}–{}'.format(hunk.opcodes[0][3] + 1, hunk.opcodes[-1][4])
        departs = any(sign != ' ' and number in side.beyond for sign, number, side, _, _ in rows)
        out.append(Segment('hunk', hunk_id, title, departs, render.rows_html(rows, beyond)))
    return out, with_ids


def file_change(old_path, new_path, old_lines, new_lines, lang, renumber=None):
    name = files.shared_name(old_path, new_path)
    old_text, new_text = ''.join(old_lines), ''.join(new_lines)
    segments, with_ids = file_segments(name, old_text, new_text, lang, renumber)
    items = [Item(words.glance_name(change, lang), words.glance_status(change, lang), change.status,
                  anchor_of(change, with_ids)) for change in glance.compare(old_text, new_text)] if is_code(name) else []
    status = 'new' if old_path is None else 'removed' if new_path is None else 'changed'
    label = ' → '.join(files.label(path, files.STEPS_DIR) for path in (old_path, new_path) if path)
    return FileChange(name, status, label, segments, items)


def step_context(number, numbers, lang, run, steps_dir=files.STEPS_DIR):
    """Everything step N's page shows, in lang."""
    step = catalog.STEPS[number - 1]
    code_changes, test_change = [], None
    for old_path, new_path, old_lines, new_lines in files.changed_files(number, steps_dir):
        name = files.shared_name(old_path, new_path)
        if name == files.TEST_FILE:
            test_change = file_change(old_path, new_path, old_lines, new_lines, lang,
                                      (number - 1, number))
        elif is_code(name):
            code_changes.append(file_change(old_path, new_path, old_lines, new_lines, lang))
    added, fixed, limited = lessons.step_tests(number, steps_dir)
    sentence = lambda test: lessons.in_language(test, lang)  # noqa: E731
    new_dir, text = files.step_dir(number, steps_dir), words.TEXT[lang]

    def changes(block):
        at = lessons.changed_at(block, number, lang, steps_dir)
        return at and (text['changed_at'].format(at), fix_href(at, numbers, lang, None, steps_dir))
    return in_language(
        lang, number=number, step=step,
        title=words.step_title(number, lang), stage=text['stage'].format(step.stage),
        previous=number - 1 if number - 1 in numbers else None, next=number + 1 if number + 1 in numbers else None,
        why=Markup(lessons.markdown(lessons.note_section(number, 'why', lang, steps_dir), note_link(number))),
        cannot_note=Markup(lessons.markdown(lessons.note_section(number, 'cannot', lang, steps_dir),
                                            note_link(number), changes)),
        code_changes=code_changes, test_change=test_change, run=run,
        added=[(test.name, sentence(test)) for test in added],
        fixed=[(test.name, sentence(test)) for test in fixed],
        fixed_notes=fixed_notes(number, numbers, lang, steps_dir),
        limited=[(test.name, sentence(test), test.limitation, fix_href(test.limitation, numbers, lang, test.name,
                                                                       steps_dir)) for test in limited],
        code_pages=[(name, page_name(number, name)) for name in PYTHON_FILES if (new_dir / name).is_file()],
    )


def fixed_notes(number, numbers, lang, steps_dir=files.STEPS_DIR):
    """(the earlier step, the link to its note, the blocks of that note step N changes as HTML),
    or None when no note says step N changes anything."""
    earlier, blocks = lessons.fixed_notes(number, lang, steps_dir)
    if not blocks:
        return None
    html_blocks = Markup(lessons.markdown('\n\n'.join(blocks), note_link(earlier)))
    return earlier, page_name(earlier) + '#cannot' if earlier in numbers else None, html_blocks


def fix_href(at, numbers, lang, test=None, steps_dir=files.STEPS_DIR):
    """Where a page links to for "step `at` changes this": the test's entry among what step `at`
    fixes, else that section, else the page; None when step `at` has no page."""
    if at not in numbers:
        return None
    before = lessons.limitations(at - 1, steps_dir)
    if test is not None and before.get(test) == at:
        return '{}#fix-{}'.format(page_name(at), test)
    if at in before.values() or lessons.fixed_notes(at, lang, steps_dir)[1]:
        return page_name(at) + '#fixes'
    return page_name(at)


def note_link(number):
    """A note's link as it works from a page: another step's folder is that step's page, a file
    of the repository is the file (the pages are two folders below where they were built)."""
    def link(href):
        match = re.fullmatch(r'\.\./step(\d\d)/?(README(\.ko)?\.md)?', href or '')
        if match:
            return 'step{}.html'.format(match.group(1))
        if not href or re.match(r'[a-z]+:|#', href):
            return href
        return Path(os.path.relpath(files.step_dir(number) / href, catalog.ROOT)).as_posix()
    return link


def step_glance(number, steps_dir=files.STEPS_DIR):
    """[(file name, [glance.Change])] for every code file step N changes."""
    found = []
    for old_path, new_path, old_lines, new_lines in files.changed_files(number, steps_dir):
        name = files.shared_name(old_path, new_path)
        if is_code(name):
            found.append((name, glance.compare(''.join(old_lines), ''.join(new_lines))))
    return found


def index_context(numbers, lang, steps_dir=files.STEPS_DIR):
    rows = []
    for number in numbers:
        changes = [change for _, found in step_glance(number, steps_dir) for change in found]
        by_status = [(words.TEXT[lang]['status'][status], ', '.join(
            words.glance_name(change, lang) for change in changes if change.status == status))
            for status in ('added', 'changed', 'moved', 'removed')]
        rows.append((number, catalog.STEPS[number - 1], words.title(number, lang),
                     [(status, names) for status, names in by_status if names]))
    return in_language(lang, rows=rows, stages=sorted({catalog.STEPS[n - 1].stage for n in numbers}))


def code_context(number, name, lang, steps_dir=files.STEPS_DIR):
    text = (files.step_dir(number, steps_dir) / name).read_text(encoding='utf-8')
    return in_language(lang, number=number, name=name, title='steps/step{:02d}/{}'.format(number, name),
                       rows=render.whole_html(text, name), page=page_name(number, name))


def build_steps(out_dir, chosen, numbers, steps_dir=files.STEPS_DIR):
    """Write the pages of the chosen steps, both languages, while their examples run."""
    examples = lessons.Examples(chosen, steps_dir)
    env, style = environment()
    contexts = [step_context(number, numbers, lang, None, steps_dir) for number in chosen for lang in LANGS]
    for context in contexts:
        for name, page in context['code_pages']:
            write(out_dir / context['lang'] / page, env, 'code.html',
                  code_context(context['number'], name, context['lang'], steps_dir), style)
    runs = examples.result()
    for context in contexts:
        context['run'] = runs[context['number']]
        write(out_dir / context['lang'] / page_name(context['number']), env, 'step.html', context, style)


def write_html(out_dir, steps_dir=files.STEPS_DIR, only=None):
    """Write every step's pages (or step `only`'s) in both languages, each language's index and
    DIR/index.html; return {lang: that language's index}. The steps are shared out among the
    cores, in runs of adjacent steps (which share files)."""
    out_dir = Path(out_dir)
    numbers = files.transitions(steps_dir)
    chosen = [only] if only else numbers
    for lang in LANGS:
        (out_dir / lang).mkdir(parents=True, exist_ok=True)
    workers = min(os.cpu_count() or 1, len(chosen))
    shares = [chosen[len(chosen) * k // workers:len(chosen) * (k + 1) // workers] for k in range(workers)]
    if workers > 1:  # imported only here: one step's pages do without multiprocessing
        from concurrent.futures import ProcessPoolExecutor
    with ProcessPoolExecutor(max_workers=workers) if workers > 1 else nullcontext() as pool:
        done = [pool.submit(build_steps, out_dir, share, numbers, steps_dir) for share in shares] if pool else []
        if not pool:
            build_steps(out_dir, chosen, numbers, steps_dir)
        env, style = environment()
        indexes = {}
        for lang in LANGS:  # one step's pages: the indexes only if they are not there yet
            indexes[lang] = out_dir / lang / 'index.html'
            if not only or not indexes[lang].exists():
                write(indexes[lang], env, 'index.html', index_context(numbers, lang, steps_dir), style)
        if not only or not (out_dir / 'index.html').exists():
            write(out_dir / 'index.html', env, 'choose.html', in_language('ko', en=words.TEXT['en']), style)
        for future in done:
            future.result()
    return indexes


def write(path, env, template, context, style):
    path.write_text(env.get_template(template).render(style=style, **context), encoding='utf-8')
