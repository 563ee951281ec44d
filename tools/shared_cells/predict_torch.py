# Its predictions in PyTorch (a shared cell: the same in 8.1, 8.2 and 8.3).
def probabilities_torch(model, X):
    """Softmax probabilities, shape (n, classes), as a NumPy array."""
    with torch.no_grad():
        scores = model(torch.as_tensor(X[:, None], device=DEVICE))
    return torch.softmax(scores, dim=1).cpu().numpy()


def accuracy_torch(model, X, y):
    """Fraction of images whose most probable class is the label."""
    return float((probabilities_torch(model, X).argmax(axis=1) == y).mean())
