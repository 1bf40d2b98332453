"""Isolation: the only room that starts processes, and the security boundary in one folder.

`runner` (Runner, Session) starts confined workers through the `zygote` fork server and talks
to them over `wire`, the one channel (every frame size-capped and validated); `worker` is the
untrusted end inside the confined child; `sandbox` applies rlimits, namespaces, Landlock and
seccomp; `inprocess` runs the course's own trusted code with the worker's semantics. Nothing
here imports grading, wording, outputs or platforms.
"""
