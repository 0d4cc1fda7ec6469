"""Train a small ResNet on CIFAR-10, on one GPU or many (DDP via torchrun).

    python train.py --epochs 30 --amp
    torchrun --nproc_per_node=8 train.py --epochs 30 --amp --batch-size 128
"""
import argparse
import logging
import os
import sys

import torch
import torch.distributed as dist
import torch.nn as nn

from data import CudaPrefetcher, build_loaders
from model import count_parameters, resnet_small
from utils import AverageMeter, Timer, accuracy, describe_environment, evaluate, gpu_memory_summary, save_checkpoint

log = logging.getLogger("train")


def parse_args():
    p = argparse.ArgumentParser(description="CIFAR-10 ResNet training")
    p.add_argument("--data", default="./data")
    p.add_argument("--epochs", type=int, default=30)
    p.add_argument("--batch-size", type=int, default=256, help="per-GPU batch size")
    p.add_argument("--lr", type=float, default=0.2)
    p.add_argument("--weight-decay", type=float, default=5e-4)
    p.add_argument("--workers", type=int, default=8)
    p.add_argument("--amp", action="store_true", help="fp16 autocast + GradScaler")
    p.add_argument("--prefetch", action="store_true", help="copy batches on a side stream")
    p.add_argument("--synthetic", action="store_true", help="random data, for throughput runs")
    p.add_argument("--out", default="checkpoints")
    p.add_argument("--resume", default="")
    p.add_argument("--log-every", type=int, default=50)
    return p.parse_args()


def setup_distributed():
    """Returns (rank, world_size, local_rank). Works with and without torchrun."""
    if "LOCAL_RANK" not in os.environ:
        return 0, 1, 0
    local_rank = int(os.environ["LOCAL_RANK"])
    # Pin this process to its GPU *before* creating the NCCL communicator,
    # otherwise every rank initialises a context on GPU 0.
    torch.cuda.set_device(local_rank)
    dist.init_process_group(backend="nccl")
    return dist.get_rank(), dist.get_world_size(), local_rank


def train_one_epoch(model, loader, criterion, optimizer, scheduler, scaler, epoch, args, is_main):
    model.train()
    loss_meter, acc_meter = AverageMeter(), AverageMeter()
    timer = Timer()
    for step, (images, targets) in enumerate(loader):
        # No-ops when the prefetcher already moved the batch.
        images = images.cuda(non_blocking=True)
        targets = targets.cuda(non_blocking=True)

        with torch.cuda.amp.autocast(enabled=args.amp):
            logits = model(images)
            loss = criterion(logits, targets)

        optimizer.zero_grad(set_to_none=True)
        scaler.scale(loss).backward()
        scaler.unscale_(optimizer)  # clip the real gradients, not the scaled ones
        nn.utils.clip_grad_norm_(model.parameters(), max_norm=5.0)
        scaler.step(optimizer)
        scaler.update()
        scheduler.step()

        if step % args.log_every == 0:
            # .item() forces a sync anyway, so only do it on logging steps.
            loss_meter.update(loss.item(), images.size(0))
            acc_meter.update(accuracy(logits, targets), images.size(0))
            if is_main:
                elapsed = timer.lap()
                imgs_per_s = args.log_every * images.size(0) * args.world_size / max(elapsed, 1e-6)
                log.info("epoch %d step %d/%d loss %.4f acc %.2f lr %.4f %.0f img/s",
                         epoch, step, len(loader), loss_meter.avg, acc_meter.avg,
                         scheduler.get_last_lr()[0], imgs_per_s)
    return loss_meter.avg


def main():
    args = parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    if not torch.cuda.is_available():
        sys.exit("this script needs a GPU (torch.cuda.is_available() is False)")

    rank, world_size, local_rank = setup_distributed()
    args.world_size = world_size
    is_main = rank == 0
    if not is_main:
        log.setLevel(logging.WARNING)
    device = torch.device("cuda")
    log.info("environment: %s", describe_environment())

    # Input shapes never change, so let cuDNN benchmark conv algorithms once.
    torch.backends.cudnn.benchmark = True

    train_loader, val_loader, train_sampler = build_loaders(
        args.data, args.batch_size, args.workers, distributed=world_size > 1, synthetic=args.synthetic)
    train_iter = CudaPrefetcher(train_loader, device) if args.prefetch else train_loader

    model = resnet_small(num_classes=10)
    if world_size > 1:
        model = nn.SyncBatchNorm.convert_sync_batchnorm(model)
    model = model.to(device, memory_format=torch.channels_last)
    log.info("model: %.2fM parameters", count_parameters(model) / 1e6)

    criterion = nn.CrossEntropyLoss(label_smoothing=0.1).cuda()
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9,
                                weight_decay=args.weight_decay, nesterov=True)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(
        optimizer, max_lr=args.lr, epochs=args.epochs, steps_per_epoch=len(train_loader))
    scaler = torch.cuda.amp.GradScaler(enabled=args.amp)

    start_epoch, best_acc = 0, 0.0
    if args.resume:
        ckpt = torch.load(args.resume, map_location=f"cuda:{local_rank}")
        model.load_state_dict(ckpt["model"])
        optimizer.load_state_dict(ckpt["optimizer"])
        scaler.load_state_dict(ckpt["scaler"])
        start_epoch, best_acc = ckpt["epoch"] + 1, ckpt["best_acc"]
        for _ in range(start_epoch * len(train_loader)):
            scheduler.step()

    if world_size > 1:
        model = torch.nn.parallel.DistributedDataParallel(model, device_ids=[local_rank])

    for epoch in range(start_epoch, args.epochs):
        if train_sampler is not None:
            train_sampler.set_epoch(epoch)
        torch.cuda.reset_peak_memory_stats()
        train_loss = train_one_epoch(model, train_iter, criterion, optimizer, scheduler, scaler,
                                     epoch, args, is_main)
        val_loss, val_acc = evaluate(model, val_loader, use_amp=args.amp)

        torch.cuda.synchronize()
        peak_mib = torch.cuda.max_memory_allocated() / 2**20
        log.info("epoch %d: train loss %.4f, val loss %.4f, val acc %.2f%%, peak mem %.0f MiB (%s)",
                 epoch, train_loss, val_loss, val_acc, peak_mib, gpu_memory_summary())

        if is_main:
            if val_acc > best_acc:
                best_acc = val_acc
                save_checkpoint(os.path.join(args.out, "best.pt"), model, optimizer, scaler, epoch, best_acc)
            save_checkpoint(os.path.join(args.out, "last.pt"), model, optimizer, scaler, epoch, best_acc)
        # Give cached blocks from evaluation (bigger batches) back to the driver.
        torch.cuda.empty_cache()

    log.info("done, best val acc %.2f%%", best_acc)
    if dist.is_initialized():
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
