"""python -m common.check [STEP] PATH [--lang ko]: see common/check/__init__.py."""
import sys

from common.check import Unusable, checking, replacing, report, run, step_number
from common.check.reading import plan_for
from common.words import Parser, asked_language, words

# The command line's words, in English; the Korean is in the catalog (see common/words.py).
USAGE = dict(
    description="Check your own code against the book's contract at a step: a .py file, a folder, "
                'or a notebook (one step, or every step section it has).',
    step='the step, 1 to 30 (7 or 07); leave it out to check every step section of a notebook',
    path='your .py file, folder or .ipynb notebook',
    limit='seconds a test may take (default {limit:g})',
    diff="show your function most likely at fault beside the book's",
    watch='check again each time the file, folder or notebook is saved, until Ctrl-C',
    watching='watching {path} — Ctrl-C to stop',
    epilog='exit status: 0 all passed; 1 something failed, is missing or did not finish; 2 unusable input',
)


def say_in(lang):
    return lambda key: words(lang)('usage.' + key, USAGE[key])


def parser(lang):
    say = say_in(lang)
    p = Parser(lang, prog='python -m common.check', description=say('description'), epilog=say('epilog'))
    p.add_argument('step', nargs='?', help=say('step'))
    p.add_argument('path', help=say('path'))
    p.add_argument('--diff', action='store_true', help=say('diff'))
    p.add_argument('--watch', action='store_true', help=say('watch'))
    p.add_argument('--time-limit', type=float, metavar='SECONDS', help=say('limit').format(limit=run.LIMITS['test']))
    return p


def watch(args, once, lang):
    """Check, then check again on every save of the path, each report replacing the last."""
    from pathlib import Path
    path = Path(args.path).expanduser().absolute()
    try:
        path = path.resolve()
    except (RuntimeError, OSError):  # a symbolic link that loops
        raise Unusable('loop', path=str(path)) from None
    folder = path if path.is_dir() else path.parent
    if not folder.is_dir():  # nothing to watch: watchfiles would fail
        raise Unusable('no_folder', path=str(path), folder=str(folder))
    try:
        import watchfiles
    except ImportError:
        raise Unusable('needs', package='watchfiles') from None
    wanted = (lambda change, name: name.endswith(('.py', '.ipynb'))) if path.is_dir() else (
        lambda change, name: Path(name) == path)  # editors save by replacing the file: watch its folder
    def stamp():  # a save during a check, before watching starts again, is not missed
        files = sorted(folder.rglob('*')) if path.is_dir() else [path]
        return [(str(f), f.stat().st_mtime_ns) for f in files if f.is_file() and wanted(None, str(f))]
    status = None
    try:
        while True:
            print('\033[2J\033[H' if sys.stdout.isatty() else '\f', end='')
            seen = stamp()
            status = once()
            print('\n' + say_in(lang)('watching').format(path=path), flush=True)
            for _ in watchfiles.watch(folder, watch_filter=wanted, debounce=200, step=30, rust_timeout=500,
                                      yield_on_timeout=True):
                if stamp() != seen:
                    break
    except KeyboardInterrupt:
        return status if status is not None else 1


def main(argv=None):
    replacing()
    argv = sys.argv[1:] if argv is None else argv
    lang = asked_language(argv)
    args = parser(lang).parse_args(argv)
    text = report.Report(args.lang, run.LIMITS)
    limits = {'test': args.time_limit} if args.time_limit else {}
    try:
        step = None if args.step is None else step_number(args.step)

        def once():
            try:
                return 0 if checking(step, plan_for(args.path, step), args.lang, limits, diff=args.diff) else 1
            except Unusable as error:
                if not args.watch:
                    raise
                print(text.t('cannot', text.t(error.key, **error.fields)))  # fixed by the next save, perhaps
                return 2
        return watch(args, once, lang) if args.watch else once()
    except Unusable as error:
        print(text.t('cannot', text.t(error.key, **error.fields)), file=sys.stderr)
        return 2
    except BrokenPipeError:  # the report piped into `head`
        sys.stderr.close()
        return 1


if __name__ == '__main__':
    sys.exit(main())
