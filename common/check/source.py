"""Python source read without running it, on both sides of the process line: a step's test file and
its sections, our snapshot's functions, the names a piece of code defines, and the operators a class
defined again has lost (`Variable.__add__ = add` in one cell, `class Variable:` again in a later one:
running the class's cell again does not help, running the cell that attaches them does)."""
import ast
import re

from common import catalog, snapshot

SECTION = re.compile(r'^# Step (\d+) — (.+)$')


def test_file(step):
    return catalog.test_file(step)


def sections(step):
    """(line, step, title) of each section header of step's test file (0-based lines, as pytest's)."""
    lines = test_file(step).read_text(encoding='utf-8').splitlines()
    return [(n, int(m[1]), m[2]) for n, m in enumerate(map(SECTION.match, lines)) if m]


def own_tests(step):
    """The 0-based line where the last section (the step's own tests) of its test file starts."""
    headers = sections(step)
    return headers[-1][0] if headers else None


def function_shape(node):
    """A function as the AST sees it: code only, without its docstring, comments or layout."""
    body = node.body[1:] if (node.body and isinstance(node.body[0], ast.Expr)
                             and isinstance(node.body[0].value, ast.Constant)) else node.body
    return ast.dump(ast.Module(body=body, type_ignores=[]), annotate_fields=False)


def book_functions(step):
    """{qualname: shape} of our snapshot's functions at step (core.py and utils.py)."""
    return {qualname: function_shape(node) for qualname, (_, _, node) in snapshot.book_functions(step).items()}


def defined_names(code):
    """The names a module's top level defines (class, def, assignment, import)."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return set()
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
        elif isinstance(node, (ast.Import, ast.ImportFrom)):  # from dezero import Variable: the learner's too
            names |= {(alias.asname or alias.name).split('.')[0] for alias in node.names}
    return names



def attached_names(statement, attaching):
    """{class: {attribute}} that a top-level statement attaches: `C.attr = value`, `setattr(C, 'attr', v)`,
    or a call of a function of the learner's that does so (`setup_variable()`)."""
    found = {}
    targets = (statement.targets if isinstance(statement, ast.Assign)
               else [statement.target] if isinstance(statement, (ast.AnnAssign, ast.AugAssign)) else [])
    for target in targets:
        for node in (target.elts if isinstance(target, ast.Tuple) else [target]):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                found.setdefault(node.value.id, set()).add(node.attr)
    call = statement.value if isinstance(statement, ast.Expr) else None
    if isinstance(call, ast.Call) and isinstance(call.func, ast.Name):
        if call.func.id == 'setattr' and len(call.args) >= 2 and isinstance(call.args[0], ast.Name) \
                and isinstance(call.args[1], ast.Constant) and isinstance(call.args[1].value, str):
            found.setdefault(call.args[0].id, set()).add(call.args[1].value)
        for name, attributes in attaching.get(call.func.id, {}).items():
            found.setdefault(name, set()).update(attributes)
    return found


def class_body_names(node):
    names = set()
    for statement in node.body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(statement.name)
        for target in getattr(statement, 'targets', [getattr(statement, 'target', None)]):
            if isinstance(target, ast.Name):
                names.add(target.id)
    return names


def lost_attachments(units, wanted=None):
    """[(class, attributes, the unit that defines it again, the unit that attached them)] for the classes
    whose later definition lost attributes an earlier unit attached, and which no unit attaches again.
    `units` are (label, code) in the order they run; `wanted(class, attribute)` keeps only what matters
    (the attributes the book's code has at the step checked)."""
    attached = {}    # class -> {attribute: label of the unit that attached it}
    lost = {}        # class -> ({attribute: label that attached it}, label that defined the class again)
    attaching = {}   # function -> {class: {attribute}}: a function whose body attaches (setup_variable)
    for label, code in units:
        try:
            tree = ast.parse(code)
        except (SyntaxError, ValueError):
            continue
        for statement in tree.body:
            if isinstance(statement, ast.ClassDef):
                name, body = statement.name, class_body_names(statement)
                before = {**lost.pop(name, ({}, None))[0], **attached.pop(name, {})}
                gone = {a: at for a, at in before.items() if a not in body}
                if gone:
                    lost[name] = (gone, label)
            elif isinstance(statement, ast.FunctionDef):
                inside = {}
                for inner in statement.body:
                    for cls, attributes in attached_names(inner, attaching).items():
                        inside.setdefault(cls, set()).update(attributes)
                attaching[statement.name] = inside
            for cls, attributes in attached_names(statement, attaching).items():
                for attribute in attributes:
                    attached.setdefault(cls, {})[attribute] = label
                    if cls in lost:
                        lost[cls][0].pop(attribute, None)
    found = []
    for cls, (gone, again) in lost.items():
        names = sorted(a for a in gone if wanted is None or wanted(cls, a))
        if names:
            found.append((cls, names, again, gone[names[0]]))
    return found


def book_attributes(step):
    """{class: {attribute}} of our snapshot's code at step: what its class bodies define and what its
    code attaches, at the top level or in a function it calls (setup_variable)."""
    core = catalog.STEPS_DIR / catalog.folder(catalog.STEPS[step - 1]) / 'core.py'
    tree = ast.parse(core.read_text(encoding='utf-8'))
    found, attaching = {}, {}
    for statement in tree.body:
        if isinstance(statement, ast.ClassDef):
            found.setdefault(statement.name, set()).update(class_body_names(statement))
        elif isinstance(statement, ast.FunctionDef):
            attaching[statement.name] = {}
            for inner in statement.body:
                for cls, attributes in attached_names(inner, {}).items():
                    attaching[statement.name].setdefault(cls, set()).update(attributes)
                    found.setdefault(cls, set()).update(attributes)
        for cls, attributes in attached_names(statement, attaching).items():
            found.setdefault(cls, set()).update(attributes)
    return found
