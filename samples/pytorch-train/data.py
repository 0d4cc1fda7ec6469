"""CIFAR-10 input pipeline: datasets, loaders and a GPU prefetcher."""
import torch
from torch.utils.data import DataLoader, Dataset, DistributedSampler
from torchvision import datasets, transforms

CIFAR_MEAN = (0.4914, 0.4822, 0.4465)
CIFAR_STD = (0.2470, 0.2435, 0.2616)


class SyntheticCifar(Dataset):
    """Random images with CIFAR shapes, for throughput runs without a download."""

    def __init__(self, length=50_000, num_classes=10, seed=0):
        g = torch.Generator().manual_seed(seed)
        self.images = torch.randn(1024, 3, 32, 32, generator=g)
        self.labels = torch.randint(0, num_classes, (length,), generator=g)

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, idx):
        return self.images[idx % len(self.images)], self.labels[idx]


def build_transforms(train):
    normalize = transforms.Normalize(CIFAR_MEAN, CIFAR_STD)
    if not train:
        return transforms.Compose([transforms.ToTensor(), normalize])
    return transforms.Compose([
        transforms.RandomCrop(32, padding=4),
        transforms.RandomHorizontalFlip(),
        transforms.ToTensor(),
        normalize,
    ])


def build_loaders(root, batch_size, workers, distributed, synthetic=False):
    """Returns (train_loader, val_loader, train_sampler).

    batch_size is per process. With DDP each rank reads a disjoint shard through
    DistributedSampler; call train_sampler.set_epoch(epoch) every epoch.
    """
    if synthetic:
        train_set, val_set = SyntheticCifar(), SyntheticCifar(length=10_000, seed=1)
    else:
        train_set = datasets.CIFAR10(root, train=True, download=True, transform=build_transforms(True))
        val_set = datasets.CIFAR10(root, train=False, download=True, transform=build_transforms(False))

    train_sampler = DistributedSampler(train_set, shuffle=True) if distributed else None
    val_sampler = DistributedSampler(val_set, shuffle=False) if distributed else None

    # pin_memory=True lets the host-to-device copies run asynchronously
    # (non_blocking=True) from page-locked buffers.
    common = dict(num_workers=workers, pin_memory=True, persistent_workers=workers > 0)
    train_loader = DataLoader(train_set, batch_size=batch_size, shuffle=train_sampler is None,
                              sampler=train_sampler, drop_last=True, **common)
    val_loader = DataLoader(val_set, batch_size=batch_size * 2, shuffle=False,
                            sampler=val_sampler, **common)
    return train_loader, val_loader, train_sampler


class CudaPrefetcher:
    """Copies batch i+1 to the GPU on a side stream while batch i is computed."""

    def __init__(self, loader, device):
        self.loader = loader
        self.device = device
        self.stream = torch.cuda.Stream(device=device)

    def __len__(self):
        return len(self.loader)

    def _preload(self, it):
        try:
            images, targets = next(it)
        except StopIteration:
            return None
        with torch.cuda.stream(self.stream):
            images = images.to(self.device, non_blocking=True)
            targets = targets.to(self.device, non_blocking=True)
            images = images.contiguous(memory_format=torch.channels_last)
        return images, targets

    def __iter__(self):
        it = iter(self.loader)
        batch = self._preload(it)
        while batch is not None:
            compute = torch.cuda.current_stream(self.device)
            compute.wait_stream(self.stream)
            images, targets = batch
            # The tensors were allocated on the side stream; tell the caching
            # allocator they are now in use on the compute stream too.
            images.record_stream(compute)
            targets.record_stream(compute)
            batch = self._preload(it)
            yield images, targets
