"""Training helpers: meters, GPU-aware timing, evaluation, checkpoints.

GPU work is asynchronous: a Python timer around a training step only measures
how long it took to *queue* the kernels unless the device is synchronized first
(torch.cuda.synchronize()). Timer below does that for you, so do not sprinkle
extra syncs around the loop; each one stalls the pipeline.
"""
import logging
import os
import time

import torch
import torch.cuda as tc
import torch.distributed as dist
from torch import cuda
from torch.cuda import amp

log = logging.getLogger("train")


class AverageMeter:
    def __init__(self):
        self.total = 0.0
        self.count = 0

    def update(self, value, n=1):
        self.total += float(value) * n
        self.count += n

    @property
    def avg(self):
        return self.total / max(self.count, 1)


class Timer:
    """Wall-clock timer that drains the GPU queue before reading the clock."""

    def __init__(self, sync=True):
        self.sync = sync and tc.is_available()
        self.last = self._now()

    def _now(self):
        if self.sync:
            tc.synchronize()
        return time.perf_counter()

    def lap(self):
        now = self._now()
        elapsed, self.last = now - self.last, now
        return elapsed


def accuracy(logits, targets):
    return (logits.argmax(dim=1) == targets).float().mean().item() * 100.0


@torch.no_grad()
def evaluate(model, loader, use_amp=False):
    """Top-1 accuracy and mean loss over the loader, reduced across DDP ranks."""
    model.eval()
    criterion = torch.nn.CrossEntropyLoss(reduction="sum")
    stats = torch.zeros(3, dtype=torch.float64).cuda()  # loss_sum, correct, seen
    for images, targets in loader:
        images = images.cuda(non_blocking=True).contiguous(memory_format=torch.channels_last)
        targets = targets.cuda(non_blocking=True)
        with amp.autocast(enabled=use_amp):
            logits = model(images)
        stats[0] += criterion(logits.float(), targets)
        stats[1] += (logits.argmax(dim=1) == targets).sum()
        stats[2] += targets.numel()
    # all_reduce already waits for the kernels above; no torch.cuda.synchronize() needed.
    if dist.is_available() and dist.is_initialized():
        dist.all_reduce(stats)
    loss_sum, correct, seen = stats.tolist()
    model.train()
    return loss_sum / max(seen, 1), 100.0 * correct / max(seen, 1)


def gpu_memory_summary():
    """One-line allocator summary (MiB) for the current device."""
    mib = 1024 ** 2
    return "alloc {:.0f} / reserved {:.0f} / peak reserved {:.0f} MiB".format(
        cuda.memory_allocated() / mib,
        cuda.memory_reserved() / mib,
        cuda.max_memory_reserved() / mib,
    )


def describe_environment():
    """Versions and hardware, logged once at start-up and stored in checkpoints."""
    env = {
        "torch": torch.__version__,
        "cudnn": torch.backends.cudnn.version(),
        "gpus": [tc.get_device_name(i) for i in range(tc.device_count())],
        "world_size": dist.get_world_size() if dist.is_initialized() else 1,
    }
    # Toolkit version torch was built against, stored under a plain label.
    toolkit = torch.version.cuda
    env["cuda"] = toolkit or "none"
    return env


def save_checkpoint(path, model, optimizer, scaler, epoch, best_acc):
    """Rank 0 only. Unwraps DDP so the checkpoint loads into a bare model."""
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    state = {
        "model": getattr(model, "module", model).state_dict(),
        "optimizer": optimizer.state_dict(),
        "scaler": scaler.state_dict(),
        "epoch": epoch,
        "best_acc": best_acc,
        "env": describe_environment(),
    }
    tmp = path + ".tmp"
    torch.save(state, tmp)
    os.replace(tmp, path)
    log.info("saved %s (epoch %d, best %.2f%%)", path, epoch, best_acc)
