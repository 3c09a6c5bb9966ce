"""The checker's child process, apart from the parent's side: a Session (session.py), the learner's
units run under limits (units.py, limits.py), the step's tests as a pytest plugin (plugin.py,
values.py), and what else is found in the learner's names (findings.py). It speaks to the parent
only in records (common.check.records); __main__.py is its entry."""
