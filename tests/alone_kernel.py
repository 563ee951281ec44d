"""An IPython kernel that gives a notebook what Colab gives it, and no more.

- Its working folder is a fresh, empty temporary folder holding only a copy of the notebook under test
  (named by the environment variable that tools/book_paths.py calls NOTEBOOK_UNDER_TEST), so reading any other file of the
  repository by a relative path fails.
- Network connections to anything but this machine are refused, and host-name look-ups fail: in the kernel,
  in every Python process it starts (such as 5.3's torchrun workers, through sitecustomize.py in the folder
  alone_site/ put first on PYTHONPATH), and for shell commands run with `!` (curl, wget, pip: their proxy
  is set to a closed port on this machine).
- The book's build and test tools, which Colab does not have, cannot be imported.

The tests register this file as a Jupyter kernel; nbval runs every notebook in it.
"""
import importlib.abc
import ipaddress
import os
import shutil
import socket
import sys
import tempfile

HIDDEN_PACKAGES = {"myst_nb", "myst_parser", "nbval", "jupyter_book", "jupyter_cache", "sphinx",
                   "sphinx_book_theme", "sphinxcontrib", "sphinx_design", "pybtex"}


class HideBuildTools(importlib.abc.MetaPathFinder):
    """Make the book's build and test packages unimportable."""

    def find_spec(self, name, path=None, target=None):
        """Refuse any module whose top-level package is hidden."""
        if name.split(".")[0] in HIDDEN_PACKAGES:
            raise ModuleNotFoundError(f"No module named {name!r} (hidden: Colab does not have it)", name=name)
        return None


def _is_local(address):
    """True for a loopback or Unix-socket address."""
    if not isinstance(address, tuple):
        return True  # AF_UNIX path
    try:
        return ipaddress.ip_address(address[0]).is_loopback
    except ValueError:
        return address[0] == "localhost"


class NetworkBlocked(OSError):
    """Raised instead of opening a connection off this machine."""


_connect, _connect_ex, _getaddrinfo = socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo


def _guarded_connect(sock, address):
    if not _is_local(address):
        raise NetworkBlocked(f"network access is blocked for this notebook (tried {address!r})")
    return _connect(sock, address)


def _guarded_connect_ex(sock, address):
    if not _is_local(address):
        raise NetworkBlocked(f"network access is blocked for this notebook (tried {address!r})")
    return _connect_ex(sock, address)


def _guarded_getaddrinfo(host, *args, **kwargs):
    if host not in (None, "localhost") and not _is_local((host, 0)):
        raise socket.gaierror(f"name resolution is blocked for this notebook ({host!r})")
    return _getaddrinfo(host, *args, **kwargs)


def block_network():
    """Refuse connections off this machine and name look-ups in this Python process."""
    socket.socket.connect = _guarded_connect
    socket.socket.connect_ex = _guarded_connect_ex
    socket.getaddrinfo = _guarded_getaddrinfo


def block_network_of_children():
    """The same for the processes the kernel starts: Python ones import alone_site/sitecustomize.py, which
    calls block_network(); other programs get a proxy that refuses every connection."""
    here = os.path.dirname(os.path.abspath(__file__))
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [os.path.join(here, "alone_site"), here,
                                                             os.environ.get("PYTHONPATH")]))
    closed = "http://127.0.0.1:9"  # the discard port: nothing listens there
    for name in ("http_proxy", "https_proxy", "ftp_proxy", "all_proxy"):
        os.environ[name] = os.environ[name.upper()] = closed
    os.environ["no_proxy"] = os.environ["NO_PROXY"] = "localhost,127.0.0.1,::1"


def notebook_under_test_variable():
    """The variable's name, from tools/book_paths.py, without leaving tools/ importable by the notebook."""
    tools = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tools")
    sys.path.insert(0, tools)
    try:
        from book_paths import NOTEBOOK_UNDER_TEST
    finally:
        sys.path.remove(tools)
        sys.modules.pop("book_paths", None)
    return NOTEBOOK_UNDER_TEST


def isolate():
    """Apply the three restrictions to this process and its children."""
    sys.meta_path.insert(0, HideBuildTools())
    for name in list(sys.modules):
        if name.split(".")[0] in HIDDEN_PACKAGES:
            del sys.modules[name]
    block_network()
    block_network_of_children()
    workdir = tempfile.mkdtemp(prefix="chapter-alone-")
    notebook = os.environ.get(notebook_under_test_variable())
    if notebook:
        shutil.copy(notebook, workdir)
    os.chdir(workdir)


if __name__ == "__main__":
    isolate()
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()
