# Standardised features and a full-batch fit (a shared cell: the same in 6.2 and the
# few-label vision project).
class Standardize(torch.nn.Module):
    """Fixed map (x - mean) / std, with statistics measured on the pretraining
    images."""

    def __init__(self, features):
        super().__init__()
        self.register_buffer("mean", features.mean(dim=0))
        self.register_buffer("std", features.std(dim=0) + 1e-6)

    def forward(self, x):
        return (x - self.mean) / self.std


def fit_full_batch(model, param_groups, X, y, steps):
    """Full-batch Adam on the cross-entropy; each parameter group has its own learning
    rate."""
    optimizer = torch.optim.Adam(param_groups)
    model.train()
    for _ in range(steps):
        optimizer.zero_grad()
        F.cross_entropy(model(X), y).backward()
        optimizer.step()
    return model.eval()
