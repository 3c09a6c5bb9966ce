"""python -m common.check [STEP] PATH [--lang ko]: see common/check/__init__.py."""
import argparse
import sys

from common.check import Unusable, checking, report, run, step_number
from common.check.reading import plan_for

USAGE = {
    'en': dict(description="Check your own code against the book's contract at a step: a .py file, a folder, "
                           'or a notebook (one step, or every step section it has).',
               step='the step, 1 to 30 (7 or 07); leave it out to check every step section of a notebook',
               path='your .py file, folder or .ipynb notebook',
               lang='the language of the report (default: from your locale)',
               limit='seconds a test may take (default {:g})'.format(run.LIMITS['test']),
               diff="show your function most likely at fault beside the book's",
               epilog='exit status: 0 all passed; 1 something failed, is missing or did not finish; 2 unusable input'),
    'ko': dict(description='내 코드를 한 단계에서 책의 계약으로 확인합니다. .py 파일, 폴더, 노트북(한 단계, 또는 '
                           '노트북에 있는 모든 단계 절)을 줄 수 있습니다.',
               step='단계, 1부터 30까지(7 또는 07). 빼면 노트북의 모든 단계 절을 확인합니다',
               path='내 .py 파일, 폴더, .ipynb 노트북',
               lang='보고서의 언어(기본값: 로캘에 따름)',
               limit='테스트 하나에 주는 시간(초, 기본값 {:g})'.format(run.LIMITS['test']),
               diff='잘못이 있을 가능성이 가장 큰 내 함수를 책의 함수와 나란히 보여 줍니다',
               epilog='종료 코드: 0 모두 통과, 1 실패했거나 없는 이름이 있거나 끝나지 않음, 2 쓸 수 없는 입력'),
}


def parser(lang):
    words = USAGE[lang]
    p = argparse.ArgumentParser(prog='python -m common.check', description=words['description'],
                                epilog=words['epilog'])
    p.add_argument('step', nargs='?', help=words['step'])
    p.add_argument('path', help=words['path'])
    p.add_argument('--lang', choices=['en', 'ko'], help=words['lang'])
    p.add_argument('--diff', action='store_true', help=words['diff'])
    p.add_argument('--time-limit', type=float, metavar='SECONDS', help=words['limit'])
    return p


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    lang = report.language('ko' if 'ko' in argv[argv.index('--lang') + 1:][:1] else None) if '--lang' in argv else report.language()
    args = parser(lang).parse_args(argv)
    text = report.Report(args.lang, run.LIMITS)
    limits = {'test': args.time_limit} if args.time_limit else {}
    try:
        step = None if args.step is None else step_number(args.step)
        return 0 if checking(step, plan_for(args.path, step), args.lang, limits, diff=args.diff) else 1
    except Unusable as error:
        print(text.t('cannot', text.t(error.key, **error.fields)), file=sys.stderr)
        return 2
    except BrokenPipeError:  # the report piped into `head`
        sys.stderr.close()
        return 1


if __name__ == '__main__':
    sys.exit(main())
