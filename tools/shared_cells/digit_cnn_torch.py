# The digit CNN of Chapter 8 in PyTorch (a shared cell: the same in 8.1, 8.2 and 8.3).
EPOCHS = 10
BATCH_SIZE = 128


def make_cnn_torch(n_classes=10):
    """One convolutional block, then a dense head that holds most of the weights."""
    return torch.nn.Sequential(
        torch.nn.Conv2d(1, 16, 3, padding=1),  # (batch, 16, 8, 8)
        torch.nn.ReLU(),
        torch.nn.MaxPool2d(2),  # (batch, 16, 4, 4)
        torch.nn.Flatten(),  # (batch, 256)
        torch.nn.Linear(16 * 4 * 4, 128),
        torch.nn.ReLU(),
        torch.nn.Linear(128, n_classes),
    ).to(DEVICE)
