"""deploy/aws/leiloes.yaml: cfn-lint clean, checkov clean (every finding fixed or suppressed
in the template with a reason), and the network rules asserted on the parsed template.

cfn-lint and checkov live in their own virtualenv (deploy/requirements-tools.txt):
    python3 -m venv .venv-tools && .venv-tools/bin/pip install -r deploy/requirements-tools.txt
Found via $CFN_LINT / $CHECKOV, else .venv-tools/bin/, else PATH. Missing tools skip the
lint tests locally and FAIL them when $CI is set. Everything runs offline (checkov inside
an empty network namespace when `unshare --net` is allowed).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "deploy" / "aws" / "leiloes.yaml"
AWS_DIR = ROOT / "deploy" / "aws"


# --- a CloudFormation-aware YAML loader ---------------------------------------------


class CfnLoader(yaml.SafeLoader):
    """SafeLoader that turns short-form intrinsics (!Ref X) into their long form ({"Ref": X})."""


def _intrinsic(loader: yaml.SafeLoader, tag_suffix: str, node: yaml.Node):
    name = "Ref" if tag_suffix == "Ref" else f"Fn::{tag_suffix}"
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
        if tag_suffix == "GetAtt":
            value = value.split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return {name: value}


CfnLoader.add_multi_constructor("!", _intrinsic)


def load_template(path: Path = TEMPLATE) -> dict:
    return yaml.load(path.read_text(), Loader=CfnLoader)


@pytest.fixture(scope="module")
def template() -> dict:
    return load_template()


def resources_of(template: dict, type_: str) -> dict[str, dict]:
    return {k: v for k, v in template["Resources"].items() if v["Type"] == type_}


def ref(name: str) -> dict:
    return {"Ref": name}


# --- finding the tools -----------------------------------------------------------------


def find_tool(name: str, env_var: str) -> str | None:
    candidates = [os.environ.get(env_var), str(ROOT / ".venv-tools" / "bin" / name), shutil.which(name)]
    for candidate in candidates:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def require_tool(name: str, env_var: str) -> str:
    found = find_tool(name, env_var)
    if found is None:
        message = (
            f"{name} not found (set ${env_var}, or: python3 -m venv .venv-tools && "
            ".venv-tools/bin/pip install -r deploy/requirements-tools.txt)"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def offline_env() -> dict[str, str]:
    """No API key, no mapping/guideline download, no SCA, no telemetry."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("BC_API", "PRISMA_", "CKV_API", "BC_FROM_BRANCH"))
    }
    env.update(
        BC_SKIP_MAPPING="TRUE",
        CHECKOV_RUN_SCA_PACKAGE_SCAN_V2="false",
        CHECKOV_CREATE_SCA_IMAGE_REPORTS_FOR_IR="false",
        ENABLE_DEFINITION_KEY="false",
        SKIP_FRAMEWORK_DOWNLOAD="true",
        CHECKOV_NO_OUTPUT_COLOR="true",
        ANSI_COLORS_DISABLED="1",
        LOG_LEVEL="WARNING",
    )
    return env


def _can_unshare_net() -> bool:
    unshare = shutil.which("unshare")
    if not unshare:
        return False
    try:
        return subprocess.run([unshare, "--net", "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


# --- cfn-lint ----------------------------------------------------------------------------


def test_cfn_lint_is_clean():
    cfn_lint = require_tool("cfn-lint", "CFN_LINT")
    result = subprocess.run(
        [cfn_lint, "--format", "parseable", str(TEMPLATE)],
        capture_output=True, text=True, timeout=300, cwd=ROOT, env=offline_env(),
    )
    # exit 0 = no errors, warnings or informational findings
    assert result.returncode == 0, result.stdout + result.stderr


# --- checkov: one run per session ------------------------------------------------------


@pytest.fixture(scope="module")
def checkov_report() -> dict:
    checkov = require_tool("checkov", "CHECKOV")
    command = [
        checkov, "-f", str(TEMPLATE), "--framework", "cloudformation", "--skip-download",
        "--output", "json", "--compact",
    ]
    if _can_unshare_net():
        # proves it needs no network: an empty network namespace has no route anywhere
        command = ["unshare", "--net", *command]
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=600, cwd=ROOT, env=offline_env()
    )
    # checkov exits 1 when a check fails; the report tells which
    assert result.returncode in (0, 1), result.stderr[-4000:]
    report = json.loads(result.stdout)
    if isinstance(report, list):
        (report,) = [r for r in report if r.get("check_type") == "cloudformation"]
    return report


def test_checkov_reports_no_failed_check(checkov_report):
    failed = checkov_report["results"].get("failed_checks", [])
    listing = "\n".join(f"{c['check_id']} {c['resource']}: {c['check_name']}" for c in failed)
    assert checkov_report["summary"]["failed"] == 0 and not failed, listing
    assert checkov_report["summary"]["parsing_errors"] == 0
    assert checkov_report["summary"]["passed"] > 20  # it really scanned the resources


def test_every_checkov_suppression_has_a_reason(checkov_report):
    skipped = checkov_report["results"].get("skipped_checks", [])
    for check in skipped:
        reason = (check.get("check_result") or {}).get("suppress_comment") or ""
        assert len(reason.strip()) >= 20, f"{check['check_id']} on {check['resource']}: no reason"


def test_checkov_suppressions_are_the_reviewed_ones(template, checkov_report):
    """A new suppression must be a deliberate change here, not slipped into the template."""
    in_template = set()
    for name, resource in template["Resources"].items():
        for skip in resource.get("Metadata", {}).get("checkov", {}).get("skip", []):
            assert skip.get("comment", "").strip(), f"{name}: {skip['id']} without a comment"
            in_template.add((name, skip["id"]))
    assert in_template == {
        ("FlowLogGroup", "CKV_AWS_158"),  # CMK for logs: cost
        ("FlowLogGroup", "CKV_AWS_66"),  # 30-day retention
        ("DatabaseSecret", "CKV_AWS_149"),  # AWS-managed key
        ("DatabaseSecret", "CKV2_AWS_57"),  # no rotation Lambda
        ("Database", "CKV_AWS_157"),  # single AZ (free tier)
        ("Database", "CKV_AWS_118"),  # no enhanced monitoring (cost)
        ("Database", "CKV_AWS_354"),  # no Performance Insights
        ("Bastion", "CKV_AWS_88"),  # public IP: it is the bastion
        ("Bastion", "CKV_AWS_126"),
        ("CrawlerInstance", "CKV_AWS_88"),  # public IP instead of a NAT gateway
        ("CrawlerInstance", "CKV_AWS_126"),
        ("ApiInstance", "CKV_AWS_88"),  # public IP: the API must be reachable
        ("ApiInstance", "CKV_AWS_126"),
    }
    reported = {(c["resource"].split(".")[-1], c["check_id"]) for c in checkov_report["results"].get("skipped_checks", [])}
    assert reported, "checkov applied none of the template's suppressions"
    # every suppression checkov applied is one of those (some may not apply to this checkov version)
    assert reported <= in_template


# --- structure -------------------------------------------------------------------------


def _ingress_rules(template: dict) -> list[tuple[str, dict]]:
    """(security group logical id, rule) for inline and standalone ingress rules."""
    rules = []
    for name, sg in resources_of(template, "AWS::EC2::SecurityGroup").items():
        for rule in sg["Properties"].get("SecurityGroupIngress", []):
            rules.append((name, rule))
    for rule in resources_of(template, "AWS::EC2::SecurityGroupIngress").values():
        props = rule["Properties"]
        rules.append((props["GroupId"]["Ref"], props))
    return rules


def _covers(rule: dict, port: int) -> bool:
    if str(rule.get("IpProtocol")) in ("-1", "all"):
        return True
    from_port, to_port = rule.get("FromPort"), rule.get("ToPort")
    if isinstance(from_port, dict) or isinstance(to_port, dict):
        return False  # a parameter (the API port), checked separately
    return int(from_port) <= port <= int(to_port)


def test_ssh_from_outside_reaches_only_the_bastion_from_my_ip(template):
    ssh = [(sg, rule) for sg, rule in _ingress_rules(template) if _covers(rule, 22)]
    from_cidr = [(sg, rule) for sg, rule in ssh if "CidrIp" in rule or "CidrIpv6" in rule]
    assert from_cidr == [("BastionSecurityGroup", from_cidr[0][1])]
    assert from_cidr[0][1]["CidrIp"] == ref("MyIpCidr")
    # the app instances accept SSH only from the bastion's group
    others = [(sg, rule) for sg, rule in ssh if sg != "BastionSecurityGroup"]
    assert others, "the app instances should be reachable from the bastion"
    for sg, rule in others:
        assert sg == "AppSecurityGroup"
        assert rule["SourceSecurityGroupId"] == ref("BastionSecurityGroup")


def test_mysql_only_from_the_app_group(template):
    mysql = [(sg, rule) for sg, rule in _ingress_rules(template) if _covers(rule, 3306)]
    assert mysql, "the database must accept the app instances"
    for sg, rule in mysql:
        assert sg == "DatabaseSecurityGroup"
        assert rule["SourceSecurityGroupId"] == ref("AppSecurityGroup")
        assert "CidrIp" not in rule and "CidrIpv6" not in rule


def test_no_ingress_from_the_whole_internet(template):
    for sg, rule in _ingress_rules(template):
        assert rule.get("CidrIp") not in ("0.0.0.0/0",), sg
        assert "CidrIpv6" not in rule, sg
        assert str(rule.get("IpProtocol")) != "-1", sg


def test_api_port_only_from_the_allowed_range(template):
    api_rules = [(sg, r) for sg, r in _ingress_rules(template) if r.get("FromPort") == ref("ApiPort")]
    assert len(api_rules) == 1
    sg, rule = api_rules[0]
    assert sg == "ApiSecurityGroup"
    assert rule["ToPort"] == ref("ApiPort") and rule["CidrIp"] == ref("ApiAllowedCidr")
    # and only the API instance carries that group
    for name, instance in resources_of(template, "AWS::EC2::Instance").items():
        groups = instance["Properties"]["NetworkInterfaces"][0]["GroupSet"]
        assert (ref("ApiSecurityGroup") in groups) == (name == "ApiInstance"), name


def test_rds_is_private_encrypted_backed_up(template):
    (db,) = resources_of(template, "AWS::RDS::DBInstance").values()
    props = db["Properties"]
    assert props["PubliclyAccessible"] is False
    assert props["StorageEncrypted"] is True
    assert props["Engine"] == "mysql"
    assert template["Parameters"]["DBEngineVersion"]["Default"].startswith("8.0")
    assert props["BackupRetentionPeriod"] >= 7
    assert props["DeletionProtection"] is True
    assert props["StorageType"] == "gp3"
    assert template["Parameters"]["DBAllocatedStorage"]["Default"] == 20
    assert template["Parameters"]["DBInstanceClass"]["Default"] in ("db.t3.micro", "db.t4g.micro")
    assert db["DeletionPolicy"] == "Snapshot"
    # credentials only through Secrets Manager dynamic references
    for key in ("MasterUsername", "MasterUserPassword"):
        assert "{{resolve:secretsmanager:" in props[key]["Fn::Sub"], key
    assert props["VPCSecurityGroups"] == [ref("DatabaseSecurityGroup")]


def test_two_private_subnets_in_two_azs(template):
    (group,) = resources_of(template, "AWS::RDS::DBSubnetGroup").values()
    subnet_names = [s["Ref"] for s in group["Properties"]["SubnetIds"]]
    assert len(subnet_names) == 2
    subnets = [template["Resources"][n]["Properties"] for n in subnet_names]
    azs = [s["AvailabilityZone"] for s in subnets]
    assert azs[0] != azs[1]
    assert {az["Fn::Select"][0] for az in azs} == {0, 1}
    for name, subnet in zip(subnet_names, subnets):
        assert subnet["MapPublicIpOnLaunch"] is False, name
    # private: their route table has no route to the internet gateway
    private_tables = {
        a["Properties"]["RouteTableId"]["Ref"]
        for a in resources_of(template, "AWS::EC2::SubnetRouteTableAssociation").values()
        if a["Properties"]["SubnetId"]["Ref"] in subnet_names
    }
    for route in resources_of(template, "AWS::EC2::Route").values():
        assert route["Properties"]["RouteTableId"]["Ref"] not in private_tables


def test_instances_use_imdsv2_encrypted_disks_and_al2023(template):
    assert (
        template["Parameters"]["LatestAmiId"]["Default"]
        == "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
    )
    assert template["Parameters"]["InstanceType"]["Default"] == "t3.micro"
    instances = resources_of(template, "AWS::EC2::Instance")
    assert set(instances) == {"Bastion", "CrawlerInstance", "ApiInstance"}
    for name, instance in instances.items():
        props = instance["Properties"]
        assert props["MetadataOptions"]["HttpTokens"] == "required", name
        for mapping in props["BlockDeviceMappings"]:
            assert mapping["Ebs"]["Encrypted"] is True, name
        assert props["ImageId"] == ref("LatestAmiId")


def test_app_role_reads_only_the_database_secret(template):
    (role,) = [r for n, r in resources_of(template, "AWS::IAM::Role").items() if n == "AppRole"]
    props = role["Properties"]
    assert "ManagedPolicyArns" not in props
    statements = [s for p in props["Policies"] for s in p["PolicyDocument"]["Statement"]]
    assert statements == [
        {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": ref("DatabaseSecret")}
    ]
    # the bastion gets no role at all
    assert "IamInstanceProfile" not in template["Resources"]["Bastion"]["Properties"]


@pytest.mark.parametrize(("instance", "role"), [("CrawlerInstance", "crawl"), ("ApiInstance", "web")])
def test_user_data_installs_the_project_in_its_role(template, instance, role):
    script = template["Resources"][instance]["Properties"]["UserData"]["Fn::Base64"]["Fn::Sub"]
    assert "git clone" in script and "${RepoUrl}" in script and "/opt/leiloes" in script
    assert f"LEILOES_ROLE={role}" in script
    assert "DB_SECRET_ARN='${DatabaseSecret}'" in script
    assert "deploy/aws/bootstrap.sh" in script
    bootstrap = (AWS_DIR / "bootstrap.sh").read_text()
    assert 'deploy/systemd/install.sh" --only "$LEILOES_ROLE"' in bootstrap
    assert "-m venv" in bootstrap and "pip\" install" in bootstrap


def test_outputs(template):
    assert {"BastionPublicIp", "ApiUrl", "RdsEndpoint", "DatabaseSecretArn"} <= set(template["Outputs"])


# --- the instance-side scripts -----------------------------------------------------------


@pytest.mark.parametrize("script", ["bootstrap.sh", "write-env.sh"])
def test_scripts_are_valid_bash(script):
    assert subprocess.run(["bash", "-n", str(AWS_DIR / script)]).returncode == 0


@pytest.mark.parametrize(("role", "bind"), [("web", "0.0.0.0:8000"), ("crawl", "127.0.0.1:8000")])
def test_write_env_builds_the_env_file_from_the_secret(tmp_path, role, bind):
    conf = tmp_path / "conf"
    conf.mkdir()
    (conf / "aws.env").write_text(
        f"LEILOES_ROLE={role}\nDB_SECRET_ARN=arn:aws:secretsmanager:sa-east-1:1:secret:x\n"
        "DB_HOST=fallback.example\nDB_PORT=3306\nDB_NAME=leiloes\nAWS_REGION=sa-east-1\n"
        "API_PORT=8000\nSENTRY_DSN=https://k@o1.ingest.sentry.io/2\nSENTRY_ENVIRONMENT=aws\n"
    )
    fake_aws = tmp_path / "aws"
    fake_aws.write_text(
        "#!/bin/sh\n"
        'echo "$@" > "$(dirname "$0")/aws-args"\n'
        "echo '{\"username\": \"leiloes\", \"password\": \"p@ss/w:rd\", "
        "\"host\": \"db.abc.sa-east-1.rds.amazonaws.com\", \"port\": 3306}'\n"
    )
    fake_aws.chmod(0o755)
    env = {**os.environ, "CONF_DIR": str(conf), "AWS": str(fake_aws),
           "PUBLIC_HOSTNAME": "ec2-1-2-3-4.compute.amazonaws.com", "PUBLIC_IP": "1.2.3.4"}
    result = subprocess.run(["bash", str(AWS_DIR / "write-env.sh")], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    args = (tmp_path / "aws-args").read_text()
    assert "get-secret-value" in args and "--region sa-east-1" in args

    env_file = conf / "leiloes.env"
    assert oct(env_file.stat().st_mode & 0o777) == "0o600"
    values = dict(line.split("=", 1) for line in env_file.read_text().splitlines() if not line.startswith("#"))
    assert values["DATABASE_URL"] == (
        "mysql+pymysql://leiloes:p%40ss%2Fw%3Ard@db.abc.sa-east-1.rds.amazonaws.com:3306/leiloes"
        f"?charset=utf8mb4&ssl_ca={conf}/rds-ca.pem"
    )
    assert len(values["DJANGO_SECRET_KEY"]) >= 50
    assert values["SENTRY_DSN"] == "https://k@o1.ingest.sentry.io/2"
    assert values["SENTRY_ENVIRONMENT"] == "aws"
    assert values["LEILOES_WEB_BIND"] == bind
    if role == "web":
        assert values["DJANGO_ALLOWED_HOSTS"].split(",")[-2:] == ["ec2-1-2-3-4.compute.amazonaws.com", "1.2.3.4"]

    # the Django secret key survives a rewrite (sessions stay valid across reboots)
    subprocess.run(["bash", str(AWS_DIR / "write-env.sh")], env=env, check=True, capture_output=True)
    again = dict(line.split("=", 1) for line in env_file.read_text().splitlines() if not line.startswith("#"))
    assert again["DJANGO_SECRET_KEY"] == values["DJANGO_SECRET_KEY"]
    assert not list(conf.glob(".leiloes.env.*")), "temp file left behind"


def test_leiloes_env_service_verifies(tmp_path):
    exe = shutil.which("systemd-analyze")
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("systemd-analyze not found")
        pytest.skip("systemd-analyze not installed")
    result = subprocess.run([exe, "verify", "--man=no", str(AWS_DIR / "leiloes-env.service")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and not (result.stdout + result.stderr).strip(), result.stderr
