# The convolutional feature extractor (a shared cell: the same in 6.2 and the few-label
# vision project).
N_FEATURES = 64


def make_body_torch():
    """Feature extractor: two convolutional blocks, then the maximum of each of 64 maps
    over all positions."""
    return torch.nn.Sequential(
        torch.nn.Conv2d(1, 32, 3, padding=1),
        torch.nn.ReLU(),
        torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(32, N_FEATURES, 3, padding=1),
        torch.nn.ReLU(),
        torch.nn.AdaptiveMaxPool2d(1),
        torch.nn.Flatten(),
    ).to(DEVICE)
