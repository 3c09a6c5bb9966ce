import os


# =============================================================================
# Visualize for computational graph
# =============================================================================
def _dot_var(v, verbose=False):
    dot_var = '{} [label="{}", color=orange, style=filled]\n'

    name = '' if v.name is None else v.name
    if verbose and v.data is not None:
        if v.name is not None:
            name += ': '
        name += str(v.shape) + ' ' + str(v.dtype)
    return dot_var.format(id(v), _escape(name))


def _dot_func(f):
    dot_func = '{} [label="{}", color=lightblue, style=filled, shape=box]\n'
    txt = dot_func.format(id(f), f.__class__.__name__)

    dot_edge = '{} -> {}\n'
    for x in f.inputs:
        txt += dot_edge.format(id(x), id(f))
    for y in f.outputs:
        txt += dot_edge.format(id(f), id(y()))  # y is a weakref
    return txt


def _escape(name):
    # Beyond the book: a " or \ in a name must not end the DOT label early.
    return str(name).replace('\\', '\\\\').replace('"', '\\"')


def get_dot_graph(output, verbose=True):
    txt = ''
    funcs = []
    seen_set = set()

    def add_func(f):
        if f not in seen_set:
            funcs.append(f)
            seen_set.add(f)

    # Beyond the book: a variable no function made is a graph of one node.
    if output.creator is not None:
        add_func(output.creator)
    txt += _dot_var(output, verbose)

    while funcs:
        func = funcs.pop()
        txt += _dot_func(func)
        for x in func.inputs:
            txt += _dot_var(x, verbose)

            if x.creator is not None:
                add_func(x.creator)

    return 'digraph g {\n' + txt + '}'


def plot_dot_graph(output, verbose=True, to_file='graph.png'):
    dot_graph = get_dot_graph(output, verbose)

    # Beyond the book: image formats only; graphviz pipes the graph to dot, no shell or temp file.
    extension = os.path.splitext(to_file)[1][1:].lower()
    if extension not in ('png', 'jpg', 'jpeg', 'gif', 'svg', 'pdf'):
        raise ValueError('plot_dot_graph writes an image: to_file must end in .png, .jpg, '
                         '.jpeg, .gif, .svg or .pdf, not {!r}'.format(to_file))
    try:
        import graphviz
    except ImportError:
        raise ImportError('plot_dot_graph needs the graphviz package: '
                          'pip install graphviz') from None
    try:
        image = graphviz.pipe('dot', extension, dot_graph.encode(), quiet=True)
    except graphviz.CalledProcessError as error:
        raise RuntimeError('dot could not draw the graph: '
                           + error.stderr.decode(errors='replace').strip().splitlines()[0]) from None
    except graphviz.ExecutableNotFound:
        raise RuntimeError(
            "plot_dot_graph needs Graphviz's dot program, which is not on the PATH. "
            'Install Graphviz: apt-get install graphviz (Debian, Ubuntu), brew install '
            'graphviz (macOS), conda install graphviz, or the installer from '
            'https://graphviz.org/download/ (Windows). pip install graphviz installs '
            'only the Python package, not dot.') from None
    with open(to_file, 'wb') as f:
        f.write(image)

    # Beyond the book: SVG is shown too (IPython cannot show a PDF); None outside IPython.
    try:
        from IPython import display, get_ipython
    except ImportError:
        return None
    if get_ipython() is None or extension == 'pdf':
        return None
    if extension == 'svg':
        return display.SVG(filename=to_file)
    return display.Image(filename=to_file)
