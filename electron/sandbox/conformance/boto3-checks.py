"""boto3 against the Thaw sandbox: every check prints into one JSON document.

Run by boto3.test.ts with the sandbox's endpoint and credentials in the
environment (AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, ...). argv: bucket, the
key prefix holding the many-key listing, and an empty bucket for the
versioned round trip. The script asserts nothing itself:
it reports what boto3 saw and the test decides, so a failure shows both sides.
"""
import hashlib
import io
import json
import os
import random
import sys
import urllib.error
import urllib.request

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import ClientError

bucket, many_prefix, versioned = sys.argv[1], sys.argv[2], sys.argv[3]
config = Config(s3={"addressing_style": "path"}, signature_version="s3v4", retries={"max_attempts": 1})
s3 = boto3.client("s3", config=config)
out = {}


def error_of(call):
    """Runs call; returns the S3 error code and HTTP status it raised, or None."""
    try:
        call()
    except ClientError as e:
        return {"code": e.response["Error"]["Code"], "status": e.response["ResponseMetadata"]["HTTPStatusCode"]}
    return None


def pseudo_random(size, seed):
    return random.Random(seed).randbytes(size)


# 1. Paginated listing over more than 1,000 keys (botocore always asks for encoding-type=url and decodes).
pages, keys = 0, []
for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=many_prefix):
    pages += 1
    keys.extend(o["Key"] for o in page.get("Contents", []))
out["list"] = {"pages": pages, "keys": keys}

# 2. put / get / head with metadata and a storage class.
body = b'{"hello": "boto3"}\n' * 100
put = s3.put_object(Bucket=bucket, Key="boto/plain ✓.json", Body=body, ContentType="application/json",
                    Metadata={"sample-count": "100"}, StorageClass="STANDARD_IA")
got = s3.get_object(Bucket=bucket, Key="boto/plain ✓.json")
head = s3.head_object(Bucket=bucket, Key="boto/plain ✓.json")
out["putGetHead"] = {
    "putEtag": put["ETag"],
    "md5": hashlib.md5(body).hexdigest(),
    "bodyMatches": got["Body"].read() == body,
    "getMetadata": got["Metadata"],
    "contentType": got["ContentType"],
    "headLength": head["ContentLength"],
    "headEtag": head["ETag"],
    "headStorageClass": head.get("StorageClass"),
}

# 3. upload_fileobj with 5 MiB parts: 12 MiB becomes 3 parts.
part = 5 * 1024 * 1024
big = pseudo_random(12 * 1024 * 1024, 12)
s3.upload_fileobj(io.BytesIO(big), bucket, "boto/big.bin",
                  Config=TransferConfig(multipart_threshold=part, multipart_chunksize=part, max_concurrency=3))
big_head = s3.head_object(Bucket=bucket, Key="boto/big.bin")
digests = b"".join(hashlib.md5(big[i:i + part]).digest() for i in range(0, len(big), part))
back = s3.get_object(Bucket=bucket, Key="boto/big.bin")["Body"].read()
out["multipart"] = {
    "etag": big_head["ETag"],
    "expectedEtag": '"%s-%d"' % (hashlib.md5(digests).hexdigest(), (len(big) + part - 1) // part),
    "length": big_head["ContentLength"],
    "size": len(big),
    "bytesMatch": hashlib.sha256(back).digest() == hashlib.sha256(big).digest(),
}

# 4. restore_object: 202, then 409 RestoreAlreadyInProgress; HEAD shows the running restore.
s3.put_object(Bucket=bucket, Key="boto/frozen.bin", Body=b"frozen", StorageClass="GLACIER")
request = {"Days": 2, "GlacierJobParameters": {"Tier": "Standard"}}
first = s3.restore_object(Bucket=bucket, Key="boto/frozen.bin", RestoreRequest=request)
frozen_head = s3.head_object(Bucket=bucket, Key="boto/frozen.bin")
out["restore"] = {
    "firstStatus": first["ResponseMetadata"]["HTTPStatusCode"],
    "repeat": error_of(lambda: s3.restore_object(Bucket=bucket, Key="boto/frozen.bin", RestoreRequest=request)),
    "headRestore": frozen_head.get("Restore"),
    "headStorageClass": frozen_head.get("StorageClass"),
    "get": error_of(lambda: s3.get_object(Bucket=bucket, Key="boto/frozen.bin")),
}

# 5. A presigned GET fetched by plain urllib, and the same URL with its signature tampered.
url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "boto/plain ✓.json"}, ExpiresIn=300)
with urllib.request.urlopen(url, timeout=20) as r:
    presigned = {"status": r.status, "bodyMatches": r.read() == body}
tampered = url.replace("X-Amz-Signature=", "X-Amz-Signature=0")
try:
    urllib.request.urlopen(tampered, timeout=20)
    presigned["tamperedStatus"] = 200
except urllib.error.HTTPError as e:
    presigned["tamperedStatus"] = e.code
    presigned["tamperedBody"] = e.read().decode("utf-8", "replace")
out["presigned"] = presigned

# 6. Wrong secret and unknown key id.
wrong = boto3.client("s3", config=config, aws_access_key_id=os.environ["AWS_ACCESS_KEY_ID"],
                     aws_secret_access_key=os.environ["AWS_SECRET_ACCESS_KEY"] + "x")
unknown = boto3.client("s3", config=config, aws_access_key_id="AKIANOBODYHERE000000",
                       aws_secret_access_key=os.environ["AWS_SECRET_ACCESS_KEY"])
out["auth"] = {
    "wrongSecret": error_of(lambda: wrong.list_objects_v2(Bucket=bucket, MaxKeys=1)),
    "unknownKey": error_of(lambda: unknown.list_objects_v2(Bucket=bucket, MaxKeys=1)),
}

# 7. A versioned round trip: enable, put twice, read the old version, delete (marker),
#    list versions with the paginator, undelete, copy an old version, delete versions in bulk.
s3.put_bucket_versioning(Bucket=versioned, VersioningConfiguration={"Status": "Enabled"})
v1 = s3.put_object(Bucket=versioned, Key="model.bin", Body=b"weights v1")["VersionId"]
v2 = s3.put_object(Bucket=versioned, Key="model.bin", Body=b"weights v2, longer")["VersionId"]
old = s3.get_object(Bucket=versioned, Key="model.bin", VersionId=v1)
deleted = s3.delete_object(Bucket=versioned, Key="model.bin")


def list_versions():
    versions, markers = [], []
    for page in s3.get_paginator("list_object_versions").paginate(Bucket=versioned, PaginationConfig={"PageSize": 1}):
        versions += [{"Key": v["Key"], "VersionId": v["VersionId"], "IsLatest": v["IsLatest"], "Size": v["Size"]} for v in page.get("Versions", [])]
        markers += [{"Key": m["Key"], "VersionId": m["VersionId"], "IsLatest": m["IsLatest"]} for m in page.get("DeleteMarkers", [])]
    return {"versions": versions, "markers": markers}


after_delete = list_versions()
get_deleted = error_of(lambda: s3.get_object(Bucket=versioned, Key="model.bin"))
undelete = s3.delete_object(Bucket=versioned, Key="model.bin", VersionId=deleted["VersionId"])
current = s3.head_object(Bucket=versioned, Key="model.bin")
copied = s3.copy_object(Bucket=versioned, Key="model-v1.bin", CopySource={"Bucket": versioned, "Key": "model.bin", "VersionId": v1})
bulk = s3.delete_objects(Bucket=versioned, Delete={"Objects": [{"Key": "model.bin", "VersionId": v1}, {"Key": "model-v1.bin"}]})
out["versioned"] = {
    "status": s3.get_bucket_versioning(Bucket=versioned).get("Status"),
    "v1": v1,
    "v2": v2,
    "oldBody": old["Body"].read().decode(),
    "oldVersionId": old.get("VersionId"),
    "deleteMarker": deleted.get("DeleteMarker"),
    "markerVersionId": deleted.get("VersionId"),
    "afterDelete": after_delete,
    "getDeleted": get_deleted,
    "undelete": {"DeleteMarker": undelete.get("DeleteMarker"), "VersionId": undelete.get("VersionId")},
    "currentVersionId": current.get("VersionId"),
    "copy": {"CopySourceVersionId": copied.get("CopySourceVersionId"), "VersionId": copied.get("VersionId")},
    "bulk": sorted(bulk.get("Deleted", []), key=lambda d: d["Key"]),
    "final": list_versions(),
}

print(json.dumps(out))
