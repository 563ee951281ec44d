"""Imported by every Python process that a notebook under test starts (tests/alone_kernel.py puts this folder
first on PYTHONPATH): the same network block as in the kernel itself."""
try:
    from alone_kernel import block_network
except ImportError:  # not started from the alone kernel
    pass
else:
    block_network()
