#!/usr/bin/env python3
"""Read the latest published seqcast forecast of a dataset into a pandas DataFrame, safely.

    1. read forecasts/<dataset>/latest.json (the only key to poll),
    2. read the run's manifest.json and check its SHA-256 against latest.json,
    3. read forecast.csv and check its size and SHA-256 against the manifest.

Never list forecasts/<dataset>/runs/ to pick the "newest" run: a run folder can be half written;
latest.json only ever points at complete, immutable runs.

    pip install pandas boto3
    python read_latest.py --dataset retail --bucket my-seqcast-bucket [--out forecast.parquet]
    python read_latest.py --dataset retail --dir ./seqcast-data     # a local copy / the laptop default

In a notebook:

    from read_latest import read_latest_forecast, S3Source
    df, manifest = read_latest_forecast("retail", S3Source("my-seqcast-bucket"))
"""
from __future__ import annotations

import argparse
import hashlib
import io
import json
import sys
from pathlib import Path

import pandas as pd

SUPPORTED_MAJOR = 1  # major version of the output contract this reader understands


class VerificationError(Exception):
    """A checksum, size or version did not match: do not use the data."""


class LocalSource:
    """A local folder laid out like the bucket (the seqcast filesystem storage root or an `aws s3 sync` copy)."""

    def __init__(self, root: str | Path):
        self.root = Path(root).resolve()

    def get(self, key: str) -> bytes:
        path = (self.root / key).resolve()
        # Keys come from files that are not verified yet: never let one escape the folder.
        if self.root not in path.parents:
            raise VerificationError(f"key escapes the data folder: {key}")
        return path.read_bytes()

    def __str__(self) -> str:
        return str(self.root)


class S3Source:
    """An S3 bucket; region and credentials from the usual AWS environment (AWS_ENDPOINT_URL works too)."""

    def __init__(self, bucket: str, client=None):
        import boto3  # only needed for S3

        self.bucket = bucket
        self.s3 = client or boto3.client("s3")

    def get(self, key: str) -> bytes:
        return self.s3.get_object(Bucket=self.bucket, Key=key)["Body"].read()

    def __str__(self) -> str:
        return f"s3://{self.bucket}"


def _check_version(what: str, version: str) -> None:
    try:
        major = int(str(version).split(".")[0])
    except ValueError:
        major = None
    if major != SUPPORTED_MAJOR:
        raise VerificationError(f"{what} has schemaVersion {version}; this reader understands {SUPPORTED_MAJOR}.x")


def read_latest_forecast(dataset: str, source) -> tuple[pd.DataFrame, dict]:
    """The latest verified forecast of `dataset` and its manifest. Raises VerificationError."""
    pointer = json.loads(source.get(f"forecasts/{dataset}/latest.json"))
    _check_version("latest.json", pointer.get("schemaVersion"))

    manifest_bytes = source.get(pointer["manifestKey"])
    if hashlib.sha256(manifest_bytes).hexdigest() != pointer["manifestSha256"]:
        raise VerificationError(f"sha256 of {pointer['manifestKey']} does not match latest.json")
    manifest = json.loads(manifest_bytes)
    _check_version("manifest.json", manifest.get("schemaVersion"))
    if (manifest["dataset"], manifest["runId"]) != (pointer["dataset"], pointer["runId"]):
        raise VerificationError("manifest.json belongs to another run than latest.json names")

    entry = next((f for f in manifest["files"] if f["key"] == pointer["forecastKey"]), None)
    if entry is None:
        raise VerificationError(f"{pointer['forecastKey']} is not listed in the manifest")
    data = source.get(entry["key"])
    if len(data) != entry["size"]:
        raise VerificationError(f"size of {entry['key']} is {len(data)} bytes, the manifest says {entry['size']}")
    if hashlib.sha256(data).hexdigest() != entry["sha256"]:
        raise VerificationError(f"sha256 of {entry['key']} does not match the manifest")

    frame = pd.read_csv(
        io.BytesIO(data),
        # Ids stay text: "00042" keeps its zeros and an id "NA" is not a missing value. Only an
        # empty cell is missing (a value the model could not produce).
        dtype={"series_id": "string", "model": "string", "date": "string"},
        keep_default_na=False,
        na_values=[""],
    )
    # Dates are ISO-8601: YYYY-MM-DD, or YYYY-MM-DDTHH:00:00Z for hourly data.
    frame["date"] = pd.to_datetime(frame["date"], utc=True, format="ISO8601")
    return frame, manifest


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", required=True)
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--bucket", help="S3 bucket of the seqcast deployment")
    where.add_argument("--dir", help="local folder laid out like the bucket")
    parser.add_argument("--out", help="write the verified forecast (.csv or .parquet)")
    args = parser.parse_args(argv)

    source = LocalSource(args.dir) if args.dir else S3Source(args.bucket)
    try:
        frame, manifest = read_latest_forecast(args.dataset, source)
    except VerificationError as err:
        print(f"VerificationError: {err}", file=sys.stderr)
        return 1
    if args.out:
        if args.out.endswith(".parquet"):
            frame.to_parquet(args.out, index=False)
        else:
            frame.to_csv(args.out, index=False)
    print(
        f"{source}: {manifest['dataset']} run {manifest['runId']} (contract {manifest['schemaVersion']}): "
        f"{len(frame)} rows, {frame['series_id'].nunique()} series, verified"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
