# Setup: this cell is the same in every chapter (the tests check it).
# NBVAL_IGNORE_OUTPUT
# (versions and devices differ from machine to machine)
import os
import random
import re
import sys
import threading

# TensorFlow: errors only from its C++ logger
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
# lets cuBLAS run deterministically
os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")

import matplotlib.pyplot as plt
import numpy as np
import torch
from IPython.core.formatters import format_display_data
from IPython.display import display as _display

# TensorFlow's C++ core writes log lines straight to the process's stderr (file
# descriptor 2), some before its log-level setting is read. Route that stream through a
# filter that drops this known chatter and passes every other line on, so real warnings
# still show.
TF_LOG_NOISE = re.compile(
    r"All log messages before absl::InitializeLog|^I\d{4} |oneDNN custom operations|"
    r"cuda drivers on your machine|failed call to cuInit|Unable to register cu\w+ "
    r"factory|"
    r"computation_placer|TF-TRT Warning|This TensorFlow binary is optimized|"
    r"rebuild TensorFlow with the appropriate compiler flags|use_unbounded_threadpool"
)


def filter_native_stderr(noise):
    """Send file descriptor 2 through a background thread that drops the lines matching
    `noise`."""
    sys.stderr.flush()
    original = os.dup(2)
    read_end, write_end = os.pipe()
    os.dup2(write_end, 2)
    os.close(write_end)

    def forward():
        with os.fdopen(read_end, "rb") as pipe:
            for line in pipe:
                if not noise.search(line.decode(errors="replace")):
                    os.write(original, line)

    threading.Thread(target=forward, daemon=True).start()


# once per kernel, even if this cell is run again
if "NATIVE_STDERR_FILTERED" not in globals():
    filter_native_stderr(TF_LOG_NOISE)
    NATIVE_STDERR_FILTERED = True

import keras
import tensorflow as tf

for gpu in tf.config.list_physical_devices("GPU"):
    tf.config.experimental.set_memory_growth(gpu, True)  # share the GPU with PyTorch


def glue(name, value, display=True):
    """Record a value for the book's text as myst_nb.glue does (a display output
    tagged with its name, shown only if display is True), without importing myst_nb,
    which Colab lacks and which takes seconds to import."""
    prefix = "" if display else "application/papermill.record/"
    data, metadata = format_display_data(value)
    metadata["scrapbook"] = {"name": name, "mime_prefix": prefix}
    _display(
        {prefix + kind: shown for kind, shown in data.items()},
        raw=True,
        metadata=metadata,
    )


SEED = 0
random.seed(SEED)
np.random.seed(SEED)
torch.manual_seed(SEED)
keras.utils.set_random_seed(SEED)  # Python, NumPy and TensorFlow seeds
# warn, not fail, where a GPU op has no deterministic form
torch.use_deterministic_algorithms(True, warn_only=True)
# on GPUs some TensorFlow ops have no deterministic form and would
if not tf.config.list_physical_devices("GPU"):
    # raise an error when determinism is enforced
    tf.config.experimental.enable_op_determinism()
# Full float32 on GPUs: by default, Ampere and newer GPUs run float32 matrix products in
# TF32 (about 3 decimal digits), which would break the book's checks that the two
# frameworks agree. No effect on a CPU.
torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False
tf.config.experimental.enable_tensor_float_32_execution(False)

if torch.cuda.is_available():
    DEVICE = torch.device("cuda")
elif torch.backends.mps.is_available():
    DEVICE = torch.device("mps")
else:
    DEVICE = torch.device("cpu")
TF_DEVICE = "/GPU:0" if tf.config.list_logical_devices("GPU") else "/CPU:0"

plt.style.use("tableau-colorblind10")  # a colour-blind-safe palette for every figure
plt.rcParams.update({"figure.dpi": 100, "axes.grid": True, "grid.alpha": 0.3})

print(
    f"Python {sys.version.split()[0]}, NumPy {np.__version__}, "
    f"PyTorch {torch.__version__} on {DEVICE}, TensorFlow {tf.__version__} on "
    f"{TF_DEVICE}, Keras {keras.__version__}"
)
