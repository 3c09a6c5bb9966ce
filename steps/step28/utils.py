import os


# =============================================================================
# Visualise computational graphs (get_dot_graph, plot_dot_graph)
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


def _escape(label):
    # Beyond the book: a name is data, so a " or \ in it must not end the
    # DOT label early.
    return label.replace('\\', '\\\\').replace('"', '\\"')


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

    # Beyond the book, which writes ~/.dezero/tmp_graph.dot and runs `dot`
    # through a shell: the graphviz package runs `dot` without a shell and
    # hands it the graph through a pipe, so no temporary file is written and
    # to_file is only ever a file name, whatever characters it holds.
    try:
        import graphviz
    except ImportError:
        raise ImportError('plot_dot_graph needs the graphviz package: '
                          'pip install graphviz') from None

    extension = os.path.splitext(to_file)[1][1:].lower()  # e.g. png, svg, pdf
    if not extension:
        raise ValueError('to_file needs an extension that names the image format, '
                         'such as graph.png or graph.svg: {!r}'.format(to_file))
    try:
        image = graphviz.Source(dot_graph).pipe(format=extension)
    except graphviz.ExecutableNotFound:
        raise RuntimeError(
            "plot_dot_graph needs Graphviz's dot program, which is not on the PATH. "
            'Install Graphviz: apt-get install graphviz (Debian, Ubuntu), brew install '
            'graphviz (macOS), conda install graphviz, or the installer from '
            'https://graphviz.org/download/ (Windows). pip install graphviz installs '
            'only the Python package, not dot.') from None
    with open(to_file, 'wb') as f:
        f.write(image)

    # In Jupyter or IPython, return the image so that it shows below the cell.
    try:
        from IPython import display, get_ipython
    except ImportError:
        return None
    if get_ipython() is None:
        return None
    if extension == 'svg':
        return display.SVG(filename=to_file)
    return display.Image(filename=to_file)
