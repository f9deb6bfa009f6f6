#!/usr/bin/env python3
"""Generates corpus-secrets.jsonl: prompts that paste credentials (positives), documentation
placeholders (EXAMPLE_CREDENTIAL) and hard negatives (expected []).

Every live-looking value is random with the real format (prefix, charset, length); JWTs have a
real base64url header and payload and a random signature. No real keys. Deterministic (seeded).

    python3 src/test/resources/classify/gen-secrets.py > src/test/resources/classify/corpus-secrets.jsonl
"""
import base64
import json
import random
import string
import sys

R = random.Random(20240611)

UPPER = string.ascii_uppercase
LOWER = string.ascii_lowercase
DIGITS = string.digits
ALNUM = UPPER + LOWER + DIGITS
HEX = "0123456789abcdef"
B64 = ALNUM + "+/"
B64URL = ALNUM + "-_"
BASE32 = UPPER + "234567"


def rnd(chars, n):
    return "".join(R.choice(chars) for _ in range(n))


def mixed(chars, n):
    """Random string that contains at least one upper, lower and digit when the charset allows."""
    while True:
        s = rnd(chars, n)
        need = [c for c in (UPPER, LOWER, DIGITS) if any(x in chars for x in c)]
        if all(any(ch in s for ch in cls) for cls in need):
            return s


def aws_id(prefix="AKIA"):
    return prefix + rnd(BASE32, 16)


def aws_secret():
    return mixed(B64, 40)


def google_key():
    return "AIza" + mixed(B64URL, 35)


def gocspx():
    return "GOCSPX-" + mixed(B64URL, 28)


def ghp(prefix="ghp_"):
    return prefix + mixed(ALNUM, 36)


def github_pat():
    return "github_pat_" + mixed(ALNUM, 22) + "_" + mixed(ALNUM, 59)


def xoxb():
    return "xoxb-%s-%s-%s" % (rnd(DIGITS, 11), rnd(DIGITS, 13), mixed(ALNUM, 24))


def xoxp():
    return "xoxp-%s-%s-%s-%s" % (rnd(DIGITS, 11), rnd(DIGITS, 11), rnd(DIGITS, 13), rnd(HEX, 32))


def xapp():
    return "xapp-1-A%s-%s-%s" % (rnd(UPPER + DIGITS, 10), rnd(DIGITS, 13), rnd(HEX, 64))


def slack_hook():
    return "https://hooks.slack.com/services/T%s/B%s/%s" % (rnd(UPPER + DIGITS, 8), rnd(UPPER + DIGITS, 10), mixed(ALNUM, 24))


def stripe(prefix="sk_live_", n=99):
    return prefix + mixed(ALNUM, n)


def openai_proj():
    body = mixed(B64URL, 74) + "T3BlbkFJ" + mixed(B64URL, 74)
    return "sk-proj-" + body


def openai_svc():
    return "sk-svcacct-" + mixed(B64URL, 74) + "T3BlbkFJ" + mixed(B64URL, 74)


def openai_legacy():
    return "sk-" + mixed(ALNUM, 20) + "T3BlbkFJ" + mixed(ALNUM, 20)


def anthropic(kind="api03"):
    return "sk-ant-%s-%sAA" % (kind, mixed(B64URL, 93))


def b64url(obj):
    return base64.urlsafe_b64encode(json.dumps(obj, separators=(",", ":")).encode()).decode().rstrip("=")


def jwt(claims=None, alg="HS256", sig_len=43):
    header = {"alg": alg, "typ": "JWT"}
    if alg.startswith("RS"):
        header["kid"] = rnd(HEX, 16)
        sig_len = 342
    claims = claims or {"sub": "svc-" + rnd(DIGITS, 5), "iat": 1717000000 + R.randint(0, 99999), "exp": 1718000000}
    return b64url(header) + "." + b64url(claims) + "." + rnd(B64URL, sig_len)


def pem_body(lines=25, first="MIIEpAIBAAKCAQEA"):
    out = []
    text = first + rnd(B64, 64 * lines - len(first))
    for i in range(0, len(text), 64):
        out.append(text[i:i + 64])
    return out


def pem(label="RSA PRIVATE KEY", lines=25, first="MIIEpAIBAAKCAQEA", sep="\n"):
    return sep.join(["-----BEGIN %s-----" % label] + pem_body(lines, first) + ["-----END %s-----" % label])


def password():
    specials = "!#%^*_-+=?"
    return mixed(ALNUM, R.randint(8, 12)) + R.choice(specials) + rnd(DIGITS, 2)


def hexs(n):
    while True:
        s = rnd(HEX, n)
        if any(c.isdigit() for c in s) and any(c.isalpha() for c in s):
            return s


def uuid():
    h = rnd(HEX, 32)
    return "%s-%s-4%s-%s%s-%s" % (h[:8], h[8:12], h[13:16], R.choice("89ab"), h[17:20], h[20:32])


ENTRIES = []


def add(expected, note, text):
    ENTRIES.append({"text": text, "expected": sorted(set(expected)), "note": note})


# =====================================================================================
# PRIVATE_KEY
# =====================================================================================
add(["PRIVATE_KEY"], "OpenSSH key pasted into a chat question",
    "Why does ssh say 'invalid format' for this key? I copied it from the old bastion:\n\n"
    + pem("OPENSSH PRIVATE KEY", 7, "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW") + "\n\nPermissions are 600.")
add(["PRIVATE_KEY"], "Kubernetes TLS secret with stringData",
    "apiVersion: v1\nkind: Secret\nmetadata:\n  name: ingress-tls\ntype: kubernetes.io/tls\nstringData:\n  tls.crt: |\n    -----BEGIN CERTIFICATE-----\n    MIIDdzCCAl+gAwIBAgIE" + rnd(B64, 40) + "\n    -----END CERTIFICATE-----\n  tls.key: |\n    "
    + pem("RSA PRIVATE KEY", 10).replace("\n", "\n    "))
add(["PRIVATE_KEY"], "GCP service account JSON (escaped newlines)",
    json.dumps({"type": "service_account", "project_id": "billing-prod-4471", "private_key_id": hexs(40),
                "private_key": pem("PRIVATE KEY", 12, "MIIEvgIBADANBgkqhkiG9w0BAQEFAASC", "\n") + "\n",
                "token_uri": "https://oauth2.googleapis.com/token"}, indent=2))
add(["PRIVATE_KEY"], "EC key in a Go test fixture",
    "package signer\n\nconst testKey = `" + pem("EC PRIVATE KEY", 3, "MHcCAQEEI") + "`\n\nfunc TestSign(t *testing.T) {\n\tk := mustParse(testKey)\n}")
add(["PRIVATE_KEY"], "PGP private key block in a message",
    "Backup of the release signing key, keep it offline after importing:\n\n-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n"
    + "\n".join(pem_body(14, "lQOYBGX")) + "\n=" + rnd(B64, 4) + "\n-----END PGP PRIVATE KEY BLOCK-----")
add(["PRIVATE_KEY"], "encrypted PKCS#8 key in a config map",
    "signing:\n  algorithm: RS256\n  key: |\n    " + pem("ENCRYPTED PRIVATE KEY", 16, "MIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkqhkiG9w0BBQwwHAQI").replace("\n", "\n    ")
    + "\n  passphrase-env: SIGNING_KEY_PASSPHRASE")
add(["PRIVATE_KEY"], "truncated RSA key at the end of a message",
    "the deploy fails with 'bad decrypt'. here is the key file content:\n-----BEGIN RSA PRIVATE KEY-----\n"
    + "\n".join(pem_body(6)))
add(["PRIVATE_KEY"], "base64-encoded PEM in a Kubernetes secret data field",
    "apiVersion: v1\nkind: Secret\nmetadata:\n  name: webhook-certs\ndata:\n  tls.key: "
    + base64.b64encode(pem("RSA PRIVATE KEY", 8).encode()).decode() + "\n")
add(["PRIVATE_KEY"], "DSA key in Ansible vars",
    "deploy_user: ci\ndeploy_key: |\n  " + pem("DSA PRIVATE KEY", 9, "MIIBuwIBAAKBgQ").replace("\n", "\n  ") + "\n")

# =====================================================================================
# AWS
# =====================================================================================
k, s = aws_id(), aws_secret()
add(["AWS_ACCESS_KEY", "AWS_SECRET_KEY"], "~/.aws/credentials file",
    "[default]\naws_access_key_id = %s\naws_secret_access_key = %s\nregion = eu-central-1\n" % (k, s))
k, s = aws_id(), aws_secret()
add(["AWS_ACCESS_KEY", "AWS_SECRET_KEY"], "shell exports in a README snippet",
    "Before running the sync job:\n\n```bash\nexport AWS_ACCESS_KEY_ID=%s\nexport AWS_SECRET_ACCESS_KEY=%s\naws s3 sync ./dist s3://assets-prod\n```" % (k, s))
k, s = aws_id(), aws_secret()
add(["AWS_ACCESS_KEY", "AWS_SECRET_KEY"], "boto3 client with literals",
    "import boto3\n\ns3 = boto3.client(\n    's3',\n    aws_access_key_id='%s',\n    aws_secret_access_key='%s',\n)\nprint(s3.list_buckets())" % (k, s))
k = aws_id("ASIA")
add(["AWS_ACCESS_KEY"], "CI log dumping the environment",
    "[build 4812] Step 3/9 : RUN env | sort\nAWS_ACCESS_KEY_ID=%s\nAWS_DEFAULT_REGION=us-east-1\nHOME=/root\nPATH=/usr/local/bin:/usr/bin" % k)
k, s = aws_id(), aws_secret()
add(["AWS_ACCESS_KEY", "AWS_SECRET_KEY"], "terraform provider block",
    'provider "aws" {\n  region     = "eu-west-1"\n  access_key = "%s"\n  secret_key = "%s"\n}' % (k, s))
k, s, tok = aws_id("ASIA"), aws_secret(), "IQoJb3JpZ2luX2VjE" + mixed(B64, 300)
add(["AWS_ACCESS_KEY", "AWS_SECRET_KEY", "API_KEY"], "aws sts assume-role output",
    json.dumps({"Credentials": {"AccessKeyId": k, "SecretAccessKey": s, "SessionToken": tok,
                                "Expiration": "2024-06-11T12:00:00Z"}}, indent=4))
k, s = aws_id(), aws_secret()
add(["AWS_ACCESS_KEY", "AWS_SECRET_KEY"], "chat message pasting a key pair",
    "hey, can you check why uploads fail? key id is %s and the secret is %s , bucket media-prod" % (k, s))
k, s = aws_id(), aws_secret()
add(["AWS_ACCESS_KEY", "AWS_SECRET_KEY"], "credentials CSV downloaded from the console",
    "User name,Access key ID,Secret access key\nci-uploader,%s,%s\n" % (k, s))
k, s = aws_id(), aws_secret()
add(["AWS_ACCESS_KEY", "AWS_SECRET_KEY"], "Java SDK v1 credentials",
    'AWSCredentials credentials = new BasicAWSCredentials("%s", "%s");\nAmazonS3 s3 = AmazonS3ClientBuilder.standard()\n    .withCredentials(new AWSStaticCredentialsProvider(credentials)).build();' % (k, s))
k, s = aws_id(), aws_secret()
add(["AWS_ACCESS_KEY", "AWS_SECRET_KEY"], "docker run with env flags",
    "docker run --rm -e AWS_ACCESS_KEY_ID=%s -e AWS_SECRET_ACCESS_KEY=%s -v $PWD:/data amazon/aws-cli s3 ls" % (k, s))
add(["AWS_ACCESS_KEY"], "SDK error message quoting the key id",
    "botocore.exceptions.ClientError: An error occurred (InvalidAccessKeyId) when calling the PutObject operation: "
    "The AWS Access Key Id you provided does not exist in our records. AWSAccessKeyId: %s" % aws_id())
s = aws_secret()
add(["AWS_SECRET_KEY"], "secret only, in a .env file",
    "# uploads\nS3_BUCKET=media-prod\nAWS_REGION=eu-central-1\nAWS_SECRET_ACCESS_KEY=%s\n" % s)

# =====================================================================================
# GOOGLE
# =====================================================================================
add(["GOOGLE_API_KEY"], "Maps URL with key parameter",
    "The map embed stopped working: https://maps.googleapis.com/maps/api/staticmap?center=Berlin&zoom=12&size=600x300&key=%s" % google_key())
add(["GOOGLE_API_KEY"], "Firebase web config",
    "const firebaseConfig = {\n  apiKey: \"%s\",\n  authDomain: \"shop-prod.firebaseapp.com\",\n  projectId: \"shop-prod\",\n  storageBucket: \"shop-prod.appspot.com\"\n};" % google_key())
add(["GOOGLE_API_KEY"], ".env with Gemini key",
    "GEMINI_API_KEY=%s\nMODEL=gemini-1.5-pro\n" % google_key())
add(["GOOGLE_API_KEY"], "Android strings.xml",
    '<resources>\n    <string name="app_name">Courier</string>\n    <string name="google_maps_key" translatable="false">%s</string>\n</resources>' % google_key())
add(["GOOGLE_API_KEY"], "OAuth client secret JSON",
    json.dumps({"web": {"client_id": rnd(DIGITS, 12) + "-" + rnd(LOWER + DIGITS, 32) + ".apps.googleusercontent.com",
                        "project_id": "crm-sync", "client_secret": gocspx(),
                        "redirect_uris": ["https://crm.local/oauth2/callback"]}}))
add(["GOOGLE_API_KEY"], "python genai configure",
    "import google.generativeai as genai\n\ngenai.configure(api_key=\"%s\")\nmodel = genai.GenerativeModel('gemini-pro')" % google_key())
add(["GOOGLE_API_KEY"], "curl to the Generative Language API",
    "curl -s -X POST 'https://generativelanguage.googleapis.com/v1beta/models/gemini-pro:generateContent?key=%s' -H 'Content-Type: application/json' -d @req.json" % google_key())

# =====================================================================================
# GITHUB
# =====================================================================================
add(["GITHUB_TOKEN"], "git remote with installation token",
    "git remote set-url origin https://x-access-token:%s@github.com/acme/payments.git" % ghp("ghs_"))
add(["GITHUB_TOKEN"], "gh hosts.yml",
    "github.com:\n    user: ci-bot\n    oauth_token: %s\n    git_protocol: https\n" % ghp("gho_"))
add(["GITHUB_TOKEN"], "fine-grained PAT in .env",
    "GITHUB_TOKEN=%s\nREPO=acme/infra\n" % github_pat())
add(["GITHUB_TOKEN"], "PyGithub script",
    "from github import Github\n\ng = Github(\"%s\")\nfor repo in g.get_user().get_repos():\n    print(repo.name)" % ghp())
add(["GITHUB_TOKEN"], "Actions log leaking a token",
    "Run actions/checkout@v4\n  with:\n    repository: acme/web\n    token: %s\n    ssh-strict: true" % ghp("ghs_"))
add(["GITHUB_TOKEN"], "refresh token response",
    json.dumps({"access_token": ghp("ghu_"), "expires_in": 28800, "refresh_token": ghp("ghr_") + mixed(ALNUM, 40),
                "refresh_token_expires_in": 15811200, "token_type": "bearer", "scope": ""}))
add(["GITHUB_TOKEN"], "npmrc for GitHub Packages",
    "@acme:registry=https://npm.pkg.github.com\n//npm.pkg.github.com/:_authToken=%s\n" % ghp())

# =====================================================================================
# SLACK
# =====================================================================================
add(["SLACK_TOKEN"], "bot token in .env",
    "SLACK_BOT_TOKEN=%s\nSLACK_CHANNEL=#deploys\n" % xoxb())
add(["SLACK_TOKEN"], "user token in curl",
    "curl -H 'Authorization: Bearer %s' https://slack.com/api/conversations.list" % xoxp())
add(["SLACK_TOKEN"], "socket mode app token",
    "app = App(token=os.environ[\"SLACK_BOT_TOKEN\"])\nhandler = SocketModeHandler(app, \"%s\")\nhandler.start()" % xapp())
add(["SLACK_TOKEN"], "slack_sdk WebClient",
    "from slack_sdk import WebClient\nclient = WebClient(token=\"%s\")\nclient.chat_postMessage(channel='#ops', text='deploy done')" % xoxb())
add(["SLACK_TOKEN"], "Kubernetes secret stringData",
    "apiVersion: v1\nkind: Secret\nmetadata:\n  name: slack-bot\nstringData:\n  token: %s\n" % xoxb())
add(["SLACK_TOKEN"], "chat message with a user token",
    "I regenerated the token for the status bot, new one: %s - can you update the vault entry?" % xoxp())
add(["SLACK_WEBHOOK"], "curl post to incoming webhook",
    "curl -X POST -H 'Content-type: application/json' --data '{\"text\":\"Build failed\"}' %s" % slack_hook())
add(["SLACK_WEBHOOK"], "alertmanager receiver",
    "receivers:\n  - name: ops-slack\n    slack_configs:\n      - api_url: '%s'\n        channel: '#alerts'\n        send_resolved: true" % slack_hook())
add(["SLACK_WEBHOOK"], "GitHub Actions env",
    "      - name: Notify\n        env:\n          SLACK_WEBHOOK_URL: %s\n        run: ./scripts/notify.sh" % slack_hook())
add(["SLACK_WEBHOOK"], "python requests",
    "import requests\nWEBHOOK = \"%s\"\nrequests.post(WEBHOOK, json={\"text\": \"nightly export finished\"})" % slack_hook())
add(["SLACK_WEBHOOK"], "terraform variable default",
    "variable \"slack_webhook\" {\n  type    = string\n  default = \"%s\"\n}" % slack_hook())
add(["SLACK_WEBHOOK"], "Jenkinsfile",
    "post {\n  failure {\n    sh \"curl -s -d '{\\\"text\\\": \\\"${env.JOB_NAME} failed\\\"}' %s\"\n  }\n}" % slack_hook())

# =====================================================================================
# STRIPE
# =====================================================================================
add(["STRIPE_KEY"], "live secret key in .env",
    "STRIPE_SECRET_KEY=%s\nSTRIPE_CURRENCY=eur\n" % stripe("sk_live_", 99))
add(["STRIPE_KEY"], "restricted key in python",
    "import stripe\nstripe.api_key = \"%s\"\ncharges = stripe.Charge.list(limit=3)" % stripe("rk_live_", 99))
add(["STRIPE_KEY"], "test key in a JS test config (test keys are still secrets)",
    "module.exports = {\n  stripe: {\n    secretKey: '%s',\n    apiVersion: '2024-04-10'\n  }\n};" % stripe("sk_test_", 99))
add(["STRIPE_KEY"], "frontend and backend test keys",
    "Frontend: pk_test_%s\nBackend:  %s" % (mixed(ALNUM, 99), stripe("sk_test_", 99)))
add(["STRIPE_KEY"], "webhook signing secret",
    "endpoint_secret = 'whsec_%s'\nevent = stripe.Webhook.construct_event(payload, sig_header, endpoint_secret)" % mixed(ALNUM, 32))
add(["STRIPE_KEY"], "curl with basic auth user = key",
    "curl https://api.stripe.com/v1/customers -u %s: -d description=\"test customer\"" % stripe("sk_live_", 24))
add(["STRIPE_KEY"], "stack trace message including the key",
    "stripe.error.AuthenticationError: Request req_%s: Invalid API Key provided: %s" % (mixed(ALNUM, 14), stripe("sk_live_", 24)))

# =====================================================================================
# OPENAI / ANTHROPIC
# =====================================================================================
add(["OPENAI_API_KEY"], "project key in .env",
    "OPENAI_API_KEY=%s\nOPENAI_MODEL=gpt-4o-mini\n" % openai_proj())
add(["OPENAI_API_KEY"], "legacy key in python",
    "import openai\nopenai.api_key = \"%s\"\nresp = openai.ChatCompletion.create(model='gpt-3.5-turbo', messages=msgs)" % openai_legacy())
add(["OPENAI_API_KEY"], "service account key in a k8s secret",
    "stringData:\n  OPENAI_API_KEY: %s\n" % openai_svc())
add(["OPENAI_API_KEY"], "curl with bearer",
    "curl https://api.openai.com/v1/models -H \"Authorization: Bearer %s\"" % openai_proj())
add(["OPENAI_API_KEY"], "admin key pasted in chat",
    "use this admin key for the usage export: sk-admin-%s" % (mixed(B64URL, 60) + "T3BlbkFJ" + mixed(B64URL, 60)))
add(["OPENAI_API_KEY"], "LangChain constructor",
    "llm = ChatOpenAI(model=\"gpt-4o\", temperature=0, openai_api_key=\"%s\")" % openai_proj())
add(["OPENAI_API_KEY"], "JS client",
    "import OpenAI from 'openai';\nconst client = new OpenAI({ apiKey: '%s' });" % openai_legacy())
add(["ANTHROPIC_API_KEY"], ".env",
    "ANTHROPIC_API_KEY=%s\nCLAUDE_MODEL=claude-3-5-sonnet\n" % anthropic())
add(["ANTHROPIC_API_KEY"], "python client",
    "import anthropic\nclient = anthropic.Anthropic(api_key=\"%s\")\nmsg = client.messages.create(model=\"claude-3-opus\", max_tokens=1024, messages=m)" % anthropic())
add(["ANTHROPIC_API_KEY"], "curl with x-api-key header",
    "curl https://api.anthropic.com/v1/messages \\\n  -H \"x-api-key: %s\" \\\n  -H \"anthropic-version: 2023-06-01\" \\\n  -d @body.json" % anthropic())
add(["ANTHROPIC_API_KEY"], "CI log leak",
    "2024-06-10T09:12:44Z ERROR eval-runner: request failed (401) using key %s for model claude-3-haiku" % anthropic())
add(["ANTHROPIC_API_KEY"], "docker run env",
    "docker run -p 8080:8080 -e ANTHROPIC_API_KEY=%s ghcr.io/acme/assistant:1.4" % anthropic())
add(["ANTHROPIC_API_KEY"], "admin key in chat",
    "workspace admin key (rotate after the migration): %s" % anthropic("admin01"))

# =====================================================================================
# JWT
# =====================================================================================
add(["JWT"], "curl with a bearer JWT",
    "curl -H \"Authorization: Bearer %s\" https://api.shop.local/v2/orders?limit=5" % jwt(alg="RS256"))
add(["JWT"], "session cookie",
    "Set-Cookie: session=%s; Path=/; HttpOnly; Secure; SameSite=Lax" % jwt())
add(["JWT"], "OAuth token response",
    json.dumps({"access_token": jwt({"iss": "https://auth.shop.local", "sub": "svc-billing", "scope": "orders:read", "exp": 1718003600}, "RS256"),
                "token_type": "Bearer", "expires_in": 3600}))
add(["JWT"], "id_token in a redirect URL",
    "callback hit: https://app.shop.local/auth/callback#id_token=%s&state=af0ifjsldkj" % jwt({"iss": "https://accounts.shop.local", "aud": "web", "sub": rnd(DIGITS, 10), "nonce": "n-0S6_WzA2Mj"}, "RS256"))
add(["JWT"], "Supabase keys in .env (JWTs)",
    "SUPABASE_URL=https://xyzcompany.supabase.co\nSUPABASE_SERVICE_ROLE_KEY=%s\n" % jwt({"iss": "supabase", "ref": rnd(LOWER, 20), "role": "service_role", "iat": 1700000000, "exp": 2000000000}))
add(["JWT"], "Java test with hardcoded token",
    "@Test\nvoid rejectsExpiredToken() {\n    String token = \"%s\";\n    assertThrows(ExpiredJwtException.class, () -> verifier.verify(token));\n}" % jwt({"sub": "u-" + rnd(DIGITS, 4), "exp": 1600000000}))
add(["JWT"], "access log line",
    "10:42:17 GET /api/me 200 12ms ua=okhttp/4.12 auth=%s" % jwt({"sub": "device-" + rnd(HEX, 8), "scope": "me"}, "ES256", 86))

# =====================================================================================
# PASSWORD
# =====================================================================================
add(["PASSWORD"], ".env database password",
    "DB_HOST=db-prod-3.cluster.local\nDB_USER=orders\nDB_PASSWORD=%s\nDB_NAME=orders\n" % password())
add(["PASSWORD"], "Spring YAML datasource",
    "spring:\n  datasource:\n    url: jdbc:postgresql://db-prod-3.cluster.local:5432/orders\n    username: orders_app\n    password: %s\n" % password())
add(["PASSWORD"], "docker-compose environment",
    "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_USER: app\n      POSTGRES_PASSWORD: %s\n" % password())
add(["PASSWORD"], "Kubernetes env name/value pair",
    "        env:\n          - name: DB_USER\n            value: reporting\n          - name: DB_PASSWORD\n            value: \"%s\"\n" % password())
add(["PASSWORD"], "XML config",
    "<datasource>\n  <url>jdbc:mysql://mysql-1.cluster.local:3306/crm</url>\n  <username>crm</username>\n  <password>%s</password>\n</datasource>" % password())
add(["PASSWORD"], "mysql command with -p",
    "mysqldump -h mysql-1.cluster.local -u backup -p%s --single-transaction crm > crm.sql" % mixed(ALNUM, 12))
add(["PASSWORD"], "CLI --password flag",
    "psql-migrate --host db-prod-3.cluster.local --user migrator --password %s --file V42__add_index.sql" % password())
add(["PASSWORD"], "python dict",
    "conn = psycopg2.connect(**{\n    'host': 'db-prod-3.cluster.local',\n    'user': 'etl',\n    'password': '%s',\n})" % password())
add(["PASSWORD"], "PHP config array",
    "<?php\nreturn [\n    'db' => [\n        'user' => 'wp',\n        'password' => '%s',\n    ],\n];" % password())
add(["PASSWORD"], "SQL create user",
    "CREATE USER 'reporting'@'%%' IDENTIFIED BY '%s';\nGRANT SELECT ON crm.* TO 'reporting'@'%%';" % password())
add(["PASSWORD"], "HTTP basic auth header",
    "GET /metrics HTTP/1.1\nHost: prometheus.cluster.local\nAuthorization: Basic %s\n" % base64.b64encode(("scraper:" + password()).encode()).decode())
add(["PASSWORD"], "curl -u with password",
    "curl -u admin:%s https://jenkins.cluster.local/job/deploy/build -X POST" % password())
add(["PASSWORD"], "JSON login payload",
    "POST /api/login\n{\"username\": \"svc-deploy\", \"password\": \"%s\"}" % password())
add(["PASSWORD"], "log line leaking a password",
    "2024-06-10 08:01:55 WARN auth: login failed user=ops password=%s attempts=3" % password())
add(["PASSWORD"], "PGPASSWORD before psql",
    "PGPASSWORD=%s psql -h db-prod-3.cluster.local -U analytics -c 'select count(*) from events'" % password())
add(["PASSWORD"], "Ansible become password",
    "[webservers:vars]\nansible_user=deploy\nansible_become_password=%s\n" % password())
add(["PASSWORD"], "weak password is still a leak",
    "MYSQL_ROOT_PASSWORD=changeme\nMYSQL_DATABASE=shop\n")
add(["PASSWORD"], "weak numeric password in properties",
    "mail.smtp.user=notifier\nmail.smtp.password=123456\nmail.smtp.port=587\n")
add(["PASSWORD"], "Java setter with literal",
    "DataSource ds = new HikariDataSource();\nds.setUsername(\"billing\");\nds.setPassword(\"%s\");" % password())
add(["PASSWORD"], "Redis requirepass-style config key",
    "# redis.conf\nbind 0.0.0.0\nport 6379\nmasterauth %s\nredis_password = \"%s\"\n" % (mixed(ALNUM, 16), password()))

# =====================================================================================
# CONNECTION_STRING
# =====================================================================================
add(["CONNECTION_STRING"], "postgres URL in .env",
    "DATABASE_URL=postgres://orders:%s@db-prod-3.cluster.local:5432/orders?sslmode=require\n" % mixed(ALNUM, 16))
add(["CONNECTION_STRING"], "MongoDB Atlas SRV URI",
    "client = MongoClient(\"mongodb+srv://analytics:%s@cluster0.ab1cd.mongodb.net/reports?retryWrites=true&w=majority\")" % mixed(ALNUM, 14))
add(["CONNECTION_STRING"], "Redis URL with password only",
    "REDIS_URL=rediss://:%s@cache-prod.cluster.local:6380/0\n" % mixed(ALNUM, 20))
add(["CONNECTION_STRING"], "AMQP URL",
    "celery -A tasks worker --broker amqp://worker:%s@mq.prod.lan:5672/jobs" % mixed(ALNUM, 12))
add(["CONNECTION_STRING"], "JDBC URL with password parameter",
    "jdbc.url=jdbc:mysql://mysql-1.cluster.local:3306/crm?user=crm&password=%s&useSSL=true\n" % mixed(ALNUM, 12))
add(["CONNECTION_STRING"], "ADO.NET SQL Server connection string",
    "\"ConnectionStrings\": {\n  \"Default\": \"Server=tcp:sql-prod.database.windows.net,1433;Initial Catalog=orders;User ID=app;Password=%s;Encrypt=True;\"\n}" % password())
add(["CONNECTION_STRING"], "Azure storage connection string",
    "AZURE_STORAGE_CONNECTION_STRING=\"DefaultEndpointsProtocol=https;AccountName=stprodmedia;AccountKey=%s==;EndpointSuffix=core.windows.net\"" % mixed(B64, 86))
add(["CONNECTION_STRING"], "Service Bus connection string",
    "sb_conn = 'Endpoint=sb://orders-bus.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=%s='" % mixed(B64, 43))
add(["CONNECTION_STRING"], "SQLAlchemy URI in code",
    "engine = create_engine(\"postgresql+psycopg2://reporter:%s@db-replica.cluster.local/analytics\")" % mixed(ALNUM, 14))
add(["CONNECTION_STRING"], "FTP URL with credentials",
    "Upload the export to ftp://partner_upload:%s@ftp.partner-files.net/incoming/ every night." % mixed(ALNUM, 10))
add(["CONNECTION_STRING"], "HTTPS basic-auth URL",
    "pip install --index-url https://deploy:%s@pypi.acme-mirror.net/simple/ acme-core" % mixed(ALNUM, 18))
add(["CONNECTION_STRING"], "Oracle thin URL",
    "url=jdbc:oracle:thin:scott/%s@//ora-prod.cluster.local:1521/ORCLPDB1" % mixed(ALNUM, 10))
add(["CONNECTION_STRING"], "ODBC connection string in python",
    "cnxn = pyodbc.connect('DRIVER={ODBC Driver 18 for SQL Server};SERVER=sql-prod.cluster.local;DATABASE=hr;UID=etl;PWD=%s')" % password())

# =====================================================================================
# API_KEY (other vendors and generic)
# =====================================================================================
add(["API_KEY"], "GitLab PAT in CI variable",
    "variables:\n  GITLAB_TOKEN: glpat-%s\n" % mixed(B64URL, 20))
add(["API_KEY"], "npm token in .npmrc",
    "//registry.npmjs.org/:_authToken=npm_%s\n" % mixed(ALNUM, 36))
add(["API_KEY"], "PyPI token in .pypirc",
    "[pypi]\n  username = __token__\n  password = pypi-AgEIcHlwaS5vcmc%s\n" % mixed(B64URL, 120))
add(["API_KEY"], "Hugging Face token",
    "from huggingface_hub import login\nlogin(token=\"hf_%s\")" % mixed(UPPER + LOWER, 34))
add(["API_KEY"], "SendGrid key",
    "SENDGRID_API_KEY=SG.%s.%s\n" % (mixed(B64URL, 22), mixed(B64URL, 43)))
add(["API_KEY"], "Twilio SID and auth token",
    "TWILIO_ACCOUNT_SID=AC%s\nTWILIO_AUTH_TOKEN=%s\n" % (hexs(32), hexs(32)))
add(["API_KEY"], "Twilio API key",
    "client = Client('SK%s', api_secret, account_sid)" % hexs(32))
add(["API_KEY"], "Mailgun key in curl",
    "curl -s --user 'api:key-%s' https://api.mailgun.net/v3/mg.acme-mail.net/messages -F subject='Weekly report'" % mixed(LOWER + DIGITS, 32))
add(["API_KEY"], "Shopify admin token",
    "SHOPIFY_ACCESS_TOKEN=shpat_%s\nSHOP=acme-store\n" % hexs(32))
add(["API_KEY"], "New Relic user key",
    "newrelic:\n  api_key: NRAK-%s\n" % rnd(UPPER + DIGITS, 27))
add(["API_KEY"], "DigitalOcean token",
    "doctl auth init --access-token dop_v1_%s" % hexs(64))
add(["API_KEY"], "Databricks token",
    "databricks configure --token\nHost: https://adb-1234.azuredatabricks.net\nToken: dapi%s" % hexs(32))
add(["API_KEY"], "Atlassian API token",
    "JIRA_API_TOKEN=ATATT3xFfGF0%s=%s\n" % (mixed(B64URL, 180), hexs(8).upper()))
add(["API_KEY"], "Heroku API key",
    "heroku auth token for the release pipeline: HEROKU_API_KEY=%s" % uuid())
add(["API_KEY"], "generic api_key hex in python",
    "WEATHER_API_KEY = \"%s\"\nresp = requests.get(URL, params={'appid': WEATHER_API_KEY, 'q': 'Hamburg'})" % hexs(32))
add(["API_KEY"], "X-API-Key header",
    "curl -H 'X-API-Key: %s' https://api.partner-logistics.net/v1/shipments" % mixed(ALNUM, 40))
add(["API_KEY"], "OAuth client secret in YAML",
    "oauth:\n  client_id: crm-sync\n  client_secret: %s\n  redirect_uri: https://crm.local/callback\n" % mixed(ALNUM + "-_", 48))
add(["API_KEY"], "opaque bearer token",
    "GET /v1/invoices HTTP/1.1\nHost: billing.cluster.local\nAuthorization: Bearer %s\n" % mixed(ALNUM, 48))
add(["API_KEY"], "Telegram bot token",
    "bot = telebot.TeleBot(\"%s:AA%s\")" % (rnd(DIGITS, 10), mixed(B64URL, 33)))
add(["API_KEY"], "Datadog API key in helm values",
    "datadog:\n  apiKey: %s\n  site: datadoghq.eu\n" % hexs(32))
add(["API_KEY"], "Django secret key",
    "SECRET_KEY = 'django-insecure-%s'" % rnd(LOWER + DIGITS + "!@#$%^&*(-_=+)", 50).replace("'", "x"))
add(["API_KEY"], "JWT signing secret in env",
    "JWT_SECRET=%s\nJWT_TTL=3600\n" % mixed(B64, 44))
add(["API_KEY"], "git hash assigned to a token name",
    "deploy_token = \"%s\"" % hexs(40))
add(["API_KEY"], "Azure OpenAI key header",
    "curl $ENDPOINT/openai/deployments/gpt4/chat/completions?api-version=2024-02-01 -H \"api-key: %s\" -d @chat.json" % hexs(32))
add(["API_KEY"], "Vault token",
    "export VAULT_ADDR=https://vault.cluster.local:8200\nexport VAULT_TOKEN=hvs.%s" % mixed(B64URL, 90))

# =====================================================================================
# EXAMPLE_CREDENTIAL (placeholders and documentation values)
# =====================================================================================
add(["EXAMPLE_CREDENTIAL"], "README with OpenAI placeholder",
    "## Setup\n\n1. Copy `.env.example` to `.env`\n2. Set `OPENAI_API_KEY=sk-...`\n3. Run `npm start`")
add(["EXAMPLE_CREDENTIAL"], "your_api_key_here",
    "client = WeatherClient(api_key=\"your_api_key_here\")")
add(["EXAMPLE_CREDENTIAL"], "curl with <TOKEN>",
    "curl -H \"Authorization: Bearer <TOKEN>\" https://api.shop.local/v2/orders")
add(["EXAMPLE_CREDENTIAL"], "AWS documentation example keys",
    "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
add(["EXAMPLE_CREDENTIAL"], "Stripe docs test key",
    "stripe.api_key = 'sk_test_4eC39HqLyjWDarjtT1zdp7dc'\nstripe.PaymentIntent.create(amount=2000, currency='usd')")
add(["EXAMPLE_CREDENTIAL"], "jwt.io sample token",
    "Decode this token and explain the claims: eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c")
add(["EXAMPLE_CREDENTIAL"], "password placeholder in angle brackets",
    "mysql:\n  host: localhost\n  user: root\n  password: <your-password>\n")
add(["EXAMPLE_CREDENTIAL"], "YOUR_TOKEN in header",
    "fetch(url, { headers: { Authorization: 'Bearer YOUR_TOKEN' } })")
add(["EXAMPLE_CREDENTIAL"], "ghp_ with x placeholder",
    "export GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")
add(["EXAMPLE_CREDENTIAL"], "Slack token placeholder",
    "SLACK_BOT_TOKEN=xoxb-your-bot-token\nSLACK_SIGNING_SECRET=your-signing-secret")
add(["EXAMPLE_CREDENTIAL"], "connection string template",
    "Example: `postgres://user:password@localhost:5432/mydb` - replace the host with your instance.")
add(["EXAMPLE_CREDENTIAL"], "Slack webhook doc placeholder",
    "SLACK_WEBHOOK=https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX")
add(["EXAMPLE_CREDENTIAL"], "masked key in config dump",
    "api_key: \"****************\"\nendpoint: https://api.partner-logistics.net\n")
add(["EXAMPLE_CREDENTIAL"], "PEM block with elided body",
    "The file should look like:\n\n-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----")
add(["EXAMPLE_CREDENTIAL"], "Google key placeholder",
    "<script src=\"https://maps.googleapis.com/maps/api/js?key=AIzaSyXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\"></script>")
add(["EXAMPLE_CREDENTIAL"], "sequential hex as key",
    "API_KEY=1234567890abcdef1234567890abcdef")
add(["EXAMPLE_CREDENTIAL"], "REDACTED password in a log",
    "2024-06-10 08:01:55 INFO connecting user=etl password=[REDACTED] host=db-prod-3.cluster.local")
add(["EXAMPLE_CREDENTIAL"], "Anthropic placeholder",
    "export ANTHROPIC_API_KEY=sk-ant-api03-...")
add(["EXAMPLE_CREDENTIAL"], "OpenAI placeholder with X",
    "OPENAI_API_KEY=\"sk-proj-XXXXXXXXXXXXXXXXXXXXXXXX\"")
add(["EXAMPLE_CREDENTIAL"], "AWS secret placeholder",
    "AWS_ACCESS_KEY_ID=<access-key-id>\nAWS_SECRET_ACCESS_KEY=<secret-access-key>")
add(["EXAMPLE_CREDENTIAL"], "fake key for tests",
    "@pytest.fixture\ndef client():\n    return ApiClient(api_key=\"fake-key-for-tests\")")
add(["EXAMPLE_CREDENTIAL"], "dummy token in a test",
    "const token = 'dummy-token';\nexpect(auth.verify(token)).toBe(false);\nprocess.env.GITHUB_TOKEN = 'ghp_dummy';")
add(["EXAMPLE_CREDENTIAL"], "all-same characters",
    "STRIPE_SECRET_KEY=sk_live_aaaaaaaaaaaaaaaaaaaaaaaaaaaa")
add(["EXAMPLE_CREDENTIAL"], "Basic auth with user:pass",
    "Authorization: Basic dXNlcjpwYXNz")
add(["EXAMPLE_CREDENTIAL"], "docs: bearer access token placeholder",
    "curl https://api.openai.com/v1/models -H \"Authorization: Bearer $OPENAI_API_KEY\"\n# or inline: -H \"Authorization: Bearer sk-xxxxxxxxxxxxxxxxxxxxxxxx\"")
add(["EXAMPLE_CREDENTIAL"], "template API_KEY value",
    "headers = {'x-api-key': 'YOUR_API_KEY'}")
add(["EXAMPLE_CREDENTIAL"], "SQL Server docs password",
    "docker run -e \"ACCEPT_EULA=Y\" -e \"MSSQL_SA_PASSWORD=yourStrong(!)Password\" -p 1433:1433 mcr.microsoft.com/mssql/server:2022-latest")
add(["EXAMPLE_CREDENTIAL"], "example in connection string",
    "Server=myServerAddress;Database=myDataBase;User Id=myUsername;Password=<password>;")

# =====================================================================================
# Hard negatives (expected [])
# =====================================================================================
def neg(note, text):
    add([], note, text)


neg("UUIDs in a JSON log", json.dumps({"level": "info", "request_id": uuid(), "trace_id": hexs(32), "span_id": hexs(16),
                                        "msg": "order created", "order_id": uuid()}))
neg("git log with commit hashes",
    "commit %s\nMerge: %s %s\nDate:   Mon Jun 10 09:12:44 2024 +0200\n\n    Merge branch 'fix/tokenizer-offsets'\n" % (hexs(40), hexs(7), hexs(7)))
neg("short hashes in a changelog", "## 2.4.1\n- fix token refresh race (%s)\n- bump jackson (%s)\n- rotate keys docs (%s)" % (hexs(7), hexs(9), hexs(12)))
neg("package-lock integrity",
    "\"node_modules/lodash\": {\n  \"version\": \"4.17.21\",\n  \"resolved\": \"https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz\",\n  \"integrity\": \"sha512-%s==\"\n}" % mixed(B64, 86))
neg("yarn.lock checksum", "\"@babel/core@^7.24.0\":\n  version \"7.24.7\"\n  resolved \"https://registry.yarnpkg.com/@babel/core/-/core-7.24.7.tgz#%s\"\n  integrity sha512-%s==" % (hexs(40), mixed(B64, 86)))
neg("go.sum lines", "github.com/pkg/errors v0.9.1 h1:%s=\ngithub.com/pkg/errors v0.9.1/go.mod h1:%s=" % (mixed(B64, 43), mixed(B64, 43)))
neg("pip hashes", "requests==2.32.3 \\\n    --hash=sha256:%s \\\n    --hash=sha256:%s" % (hexs(64), hexs(64)))
neg("Docker image digest", "Status: Downloaded newer image for nginx:1.27\nDigest: sha256:%s\ndocker.io/library/nginx:1.27" % hexs(64))
neg("Cargo.lock checksum", "[[package]]\nname = \"serde\"\nversion = \"1.0.203\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\nchecksum = \"%s\"" % hexs(64))
neg("sha256sum output", "%s  caravan-1.4.2.tar.gz\n%s  caravan-1.4.2.zip" % (hexs(64), hexs(64)))
neg("base64 image data URI",
    "<img alt=\"logo\" src=\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAYAAACqaXHeAAAA%s\">" % rnd(B64, 600))
neg("YouTube and CDN URLs", "Watch https://www.youtube.com/watch?v=dQw4w9WgXcQ and https://youtu.be/3JZ_D3ELwOQ, assets at https://cdn.shop.local/assets/app.3f9a1c2b7e.js")
neg("S3 object URLs with random keys",
    "Uploaded: https://media-prod.s3.eu-central-1.amazonaws.com/uploads/2024/06/%s/%s.jpg" % (uuid(), mixed(ALNUM, 32)))
neg("prose about rotating keys", "Please rotate your API key every 90 days and never commit it to git. If the token expired, request a new one from the dashboard.")
neg("prose: password reset", "The password is reset monthly by the identity team; users get an email reminder a week before.")
neg("question about tokens", "What's the difference between an access token and a refresh token in OAuth 2.0? When should the client use each?")
neg("LLM params", "response = client.chat.completions.create(model='gpt-4o', max_tokens=1024, temperature=0.2, top_p=1)")
neg("tokenizer talk", "The tokenizer splits 'unbelievable' into three tokens; token_count is 3 and max_tokens limits the completion.")
neg("password_reset_url and token_type", "password_reset_url=https://app.shop.local/reset\ntoken_type=bearer\nexpires_in=3600\n")
neg("password policy config", "security:\n  password_min_length: 12\n  password_require_symbols: true\n  password_max_age_days: 90\n")
neg("variable reference in YAML", "spring:\n  datasource:\n    password: ${DB_PASSWORD}\n    username: ${DB_USER:app}\n")
neg("env lookup in python", "api_key = os.environ[\"OPENAI_API_KEY\"]\ndb_password = os.getenv('DB_PASSWORD')\nclient = OpenAI(api_key=api_key)")
neg("Actions secret reference", "      - uses: actions/checkout@v4\n        with:\n          token: ${{ secrets.GITHUB_TOKEN }}\n      - run: npm publish\n        env:\n          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}")
neg("Authorization header with shell variable", "curl -H \"Authorization: Bearer ${TOKEN}\" -H 'X-Api-Key: $API_KEY' https://api.shop.local/v2/orders")
neg("Windows env reference", "set PGPASSWORD=%DB_PASSWORD%\npsql -h db -U app -c \"select 1\"")
neg("mustache template", "password: {{ vault_db_password }}\napi_token: \"{{ lookup('env', 'API_TOKEN') }}\"")
neg("TypeScript interface", "interface LoginRequest {\n  username: string;\n  password: string;\n  otp?: string;\n}")
neg("Java entity field", "@Column(nullable = false)\nprivate String password;\n\npublic void setPassword(String password) { this.password = encoder.encode(password); }")
neg("Django model field", "class Account(models.Model):\n    password = models.CharField(max_length=128)\n    api_token = models.CharField(max_length=64, blank=True)")
neg("Terraform var reference", "resource \"aws_db_instance\" \"main\" {\n  username = var.db_user\n  password = var.db_password\n}")
neg("SSH public key", "Add this to authorized_keys:\nssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI%s ci-deploy" % mixed(B64, 43))
neg("certificate block", "-----BEGIN CERTIFICATE-----\n" + "\n".join(pem_body(12, "MIIDdzCCAl+gAwIBAgIEbS")) + "\n-----END CERTIFICATE-----")
neg("public key block", "-----BEGIN PUBLIC KEY-----\n" + "\n".join(pem_body(6, "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA")) + "\n-----END PUBLIC KEY-----")
neg("Stripe publishable live key (public by design)", "<script>const stripe = Stripe('pk_live_%s');</script>" % mixed(ALNUM, 99))
neg("OpenAPI security scheme", "components:\n  securitySchemes:\n    bearerAuth:\n      type: http\n      scheme: bearer\n      bearerFormat: JWT\n")
neg("tokenizer special tokens", json.dumps({"bos_token": "<s>", "eos_token": "</s>", "pad_token": "<pad>", "unk_token": "<unk>", "model_max_length": 4096}))
neg("pagination tokens", json.dumps({"items": [], "nextPageToken": "CAoQAA", "next_page_token": "eyJvZmZzZXQiOjIwfQ"}))
neg("CSRF token in HTML form", "<form method=\"post\" action=\"/login\">\n  <input type=\"hidden\" name=\"csrf_token\" value=\"%s\">\n  <input type=\"password\" name=\"password\">\n</form>" % mixed(B64URL, 43))
neg("connection URIs without password", "postgres://app@db-prod-3.cluster.local:5432/orders\nredis://cache.cluster.local:6379/0\nmongodb://mongo-0.mongo.svc:27017/?replicaSet=rs0")
neg("SQL Server integrated security", "Server=sql-prod.cluster.local;Database=hr;Integrated Security=True;TrustServerCertificate=True;")
neg("connection URI with variable password", "DATABASE_URL=postgresql://app:${DB_PASSWORD}@db-prod-3.cluster.local:5432/orders")
neg("ETag and content hashes", "HTTP/1.1 200 OK\nETag: \"%s\"\nX-Request-Id: %s\nCache-Control: max-age=3600" % (hexs(32), uuid()))
neg("k8s secretKeyRef", "env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: db-credentials\n        key: password")
neg("docker-compose with env_file", "services:\n  api:\n    env_file: .env\n    secrets:\n      - db_password\nsecrets:\n  db_password:\n    file: ./secrets/db_password.txt")
neg("stack trace about an expired token",
    "io.jsonwebtoken.ExpiredJwtException: JWT expired at 2024-06-10T08:00:00Z\n\tat io.jsonwebtoken.impl.DefaultJwtParser.parse(DefaultJwtParser.java:385)\n\tat dev.shop.auth.TokenService.verify(TokenService.java:42)")
neg("Java reading a parameter", "String password = request.getParameter(\"password\");\nString token = headers.getFirst(\"X-Auth-Token\");")
neg("python getpass", "import getpass\npassword = getpass.getpass(\"Password: \")\nsecret = input('Secret: ')")
neg("AKIA in prose", "Long-term access key ids start with AKIA, temporary ones from STS start with ASIA.")
neg("JWK public key", json.dumps({"keys": [{"kty": "RSA", "use": "sig", "alg": "RS256", "kid": hexs(16), "n": mixed(B64URL, 342), "e": "AQAB"}]}))
neg("i18n strings", json.dumps({"login": {"username": "Username", "password": "Password", "forgot_password": "Forgot your password?", "submit": "Sign in"}}))
neg("scikit-learn and task ids", "pip install scikit-learn==1.5.0\nqueued task-%s and sk-learn-compat-shim" % rnd(DIGITS, 6))
neg("Flask secret from urandom", "app = Flask(__name__)\napp.config['SECRET_KEY'] = os.urandom(24)\napp.config['SESSION_COOKIE_SECURE'] = True")
neg("private key path", "ssl:\n  certificate: /etc/ssl/certs/shop.crt\n  private_key: /etc/ssl/private/shop.key\n  key_password_file: /run/secrets/tls_pass")
neg("AWS ARNs and key ids", "kms_key_id = \"arn:aws:kms:eu-central-1:123456789012:key/%s\"\nrole_arn   = \"arn:aws:iam::123456789012:role/deploy\"" % uuid())
neg("cache and primary keys", "cache_key = f\"user:{user_id}:profile\"\nprimary_key = \"order_id\"\nidempotency_key = request.headers.get('Idempotency-Key')")
neg("log: password changed", "2024-06-10 08:03:12 INFO user ops changed password successfully; 2FA enabled")
neg("passwordless docs", "Passwordless login sends a one-time link; the token in the link is valid for 15 minutes.")
add(["EXAMPLE_CREDENTIAL"], "bearer scheme docs with a placeholder header", "Send the access token in the Authorization header using the Bearer scheme, e.g. `Authorization: Bearer <access_token>` as described in RFC 6750.")
neg("bearer scheme prose", "Send the access token in the Authorization header using the Bearer scheme described in RFC 6750; tokens expire after an hour.")
neg("API key question without value", "Where do I find my API key in the dashboard? I only see the publishable key and the webhook settings.")
neg("random session ids in URLs", "https://shop.local/checkout?session=%s&step=2 and https://shop.local/cart/%s" % (rnd(LOWER + DIGITS, 24), rnd(ALNUM, 16)))
neg("CSS password selector", "input[type=password]:focus { border-color: #3b82f6; }\n.password-strength { height: 4px; }")
neg("process.env references", "const stripe = new Stripe(process.env.STRIPE_SECRET_KEY);\nconst openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });")
neg("helm values with existingSecret", "postgresql:\n  auth:\n    existingSecret: pg-credentials\n    secretKeys:\n      adminPasswordKey: postgres-password\n      userPasswordKey: password")
neg("token usage metrics", "usage: prompt_tokens=812 completion_tokens=164 total_tokens=976 cached_tokens=512")
neg("hex color and hash-like strings", "Palette: #1f2937 #3b82f6; build id %s; artifact %s" % (hexs(12), hexs(20)))
neg("password field in JSON schema", json.dumps({"type": "object", "properties": {"password": {"type": "string", "minLength": 12, "writeOnly": True}}, "required": ["password"]}))
neg("keyboard and monkey words", "The keyboard shortcut for the token list is Ctrl+K; the monkey-patch in keymap.py fixes key repeat.")
neg("UUID in a URL path", "GET /api/v1/orders/%s/items?page=2 200" % uuid())
neg("base64 payload that is not a JWT", "payload=eyJldmVudCI6Im9yZGVyLmNyZWF0ZWQiLCJpZCI6NDJ9 signature_header=t=1717000000,v1=%s" % hexs(64))
neg("markdown with key rotation runbook", "### Rotating the signing key\n1. Generate a new key pair with `openssl genrsa -out new.pem 4096`\n2. Upload `new.pem` to the vault\n3. Update `SIGNING_KEY_ID` to the new kid")
neg("SAML metadata fingerprint", "<md:KeyDescriptor use=\"signing\"><ds:X509Data><ds:X509Certificate>MIIC%s</ds:X509Certificate></ds:X509Data></md:KeyDescriptor>" % rnd(B64, 300))
neg("auth boolean flags", "auth:\n  enabled: true\n  basic_auth: false\n  token_auth: true\n  password_login: disabled\n")
neg("npm audit output", "found 0 vulnerabilities\n  integrity check passed: sha512-%s" % mixed(B64, 86))
neg("bcrypt discussion", "bcrypt cost 12 takes about 250ms per hash on our pods; argon2id parameters m=65536,t=3,p=4 are the alternative.")
neg("MD5 in a download page", "Checksums\nMD5: %s\nSHA1: %s" % (hexs(32), hexs(40)))
neg("Ansible vault reference", "db_password: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  %s\n  %s" % (rnd("0123456789", 64), rnd("0123456789", 64)))
neg("Maven settings with placeholders", "<server>\n  <id>nexus</id>\n  <username>${env.NEXUS_USER}</username>\n  <password>${env.NEXUS_PASSWORD}</password>\n</server>")
neg("empty password values", "DB_PASSWORD=\nREDIS_PASSWORD=\"\"\nSMTP_PASSWORD: null\n")
neg("GraphQL schema", "type Mutation {\n  login(email: String!, password: String!): AuthPayload\n  refreshToken(token: String!): AuthPayload\n}")
neg("python type hints", "def connect(host: str, password: str | None = None, token: Optional[str] = None) -> Connection:\n    ...")
neg("kid and alg header fields", "JWT header fields: alg=RS256, kid=%s, typ=JWT; the key set is served at /.well-known/jwks.json" % hexs(16))
neg("random IDs in analytics", "event=page_view anon_id=%s session=%s ts=1717000000" % (mixed(ALNUM, 22), mixed(ALNUM, 16)))
neg("commit SHA in CI config", "image: registry.shop.local/api:%s\ncommit_sha: %s\nbuild_number: 4812" % (hexs(12), hexs(40)))
neg("YAML anchor and secret name", "defaults: &defaults\n  secretName: api-tls\n  secret_arn: arn:aws:secretsmanager:eu-central-1:123456789012:secret:prod/api-AbCdEf")
neg("Vault path names", "vault kv get -field=password secret/prod/db\nvault kv put secret/prod/api token=@token.txt")
neg("HMAC signature header", "X-Hub-Signature-256: sha256=%s\nX-GitHub-Delivery: %s" % (hexs(64), uuid()))
neg("words password secret token key only", "password, secret, token, key: four words our glossary defines; none of them is a value here.")
neg("Ruby hash with symbols", "user = User.new(name: params[:name], password: params[:password], password_confirmation: params[:password_confirmation])")
neg("shell read password", "read -s -p \"Password: \" DB_PASS\nexport DB_PASS\nmysql -u app -p\"$DB_PASS\" shop")

# ---- more hard negatives seen in real code, logs and docs
neg("test log with PASS lines", "PASS: ld-x86-64/ibt-plt-3c\nPASS: ld-x86-64/ibt-plt-3d\nFAIL: ld-x86-64/pr23930\n# of expected passes 1821")
neg("changelog mentioning passwords", "* gnutls_x509_crq_set_challenge_password: don't accept null password\n* certtool: decrypting without a password is GNUTLS_E_DECRYPTION_FAILED.")
neg("CLI docs naming the flags", "Credentials can be provided via the --username and --password options instead of via the URL.")
neg("Java resource bundle", "{ \"Kerberos.password.for.username.\", \"Kerberos password for {0}: \" },\n{ \"Enter.keystore.password.\", \"Enter keystore password:  \" },")
neg("constant names in code", "exports.SOCKS5_NO_ACCEPTABLE_AUTH = SOCKS5_NO_ACCEPTABLE_AUTH;\nprivate static final String HEADER_KEY = \"Sec-WebSocket-Key\";\nint TKT_FLG_HW_AUTH = 0x00100000;")
neg("comparison, not assignment", "if user_pass == \"git\" and scheme == \"ssh\":\n    return None")
neg("tuple assignment of variables", "self.username, self.password = credentials\nself.user, self.passwd = user, password")
neg("docstring using pass as a verb", "errors: pass 'ignore' to ignore encoding errors, or pass 'strict' to raise.")
neg("decoding an Authorization header", "authorization = base64.decodebytes(authorization.encode()).decode()\nusername, password = authorization.split(':', 1)")
neg("CVS pserver URL", "Sources: cvs://:pserver:anoncvs@sources.redhat.com:/cvs/src")
neg("password hash column", "INSERT INTO users (login, password_hash) VALUES ('ops', '$2b$12$%s');" % rnd(B64.replace('+', '.'), 53))
neg("prose with Token colon", "Token: the smallest unit of text a model reads; max_tokens caps how many it writes.")
neg("Kubernetes secret name references", "spec:\n  tls:\n    - hosts: [shop.local]\n      secretName: shop-tls\n  volumes:\n    - name: creds\n      secret:\n        secretName: db-credentials")
neg("Secrets Manager resource", "resource \"aws_secretsmanager_secret\" \"db\" {\n  name        = \"prod/db/password\"\n  description = \"Database master password\"\n}")
neg("password length setting", "password_length = 16\ntoken_ttl_seconds = 900\napi_key_header = \"X-API-Key\"")
neg("markdown table header", "| Service | Username | Password | Notes |\n|---|---|---|---|\n| grafana | admin | (in vault) | rotated monthly |")
neg("oauth grant names", "grant_type=password is deprecated; use authorization_code with PKCE. The refresh_token grant stays.")
neg("keytool command without values", "keytool -importkeystore -srckeystore old.jks -destkeystore new.p12 -deststoretype pkcs12 -srcstorepass:env SRC_PASS")
neg("API docs type placeholders", "options: {pem: <string|buffer>, passphrase: <string>, key: <Buffer>}")
neg("HTML login form", "<label for=\"pw\">Password</label>\n<input id=\"pw\" type=\"password\" name=\"password\" autocomplete=\"current-password\" required>")
neg("prose: password manager advice", "Use a password manager; a passphrase of four random words beats a short password with symbols.")
neg("JWT header fields without a token", "The header {\"alg\":\"RS256\",\"typ\":\"JWT\"} is base64url-encoded into the first segment of the token.")
neg("Redis AUTH docs", "Redis AUTH takes the password set by requirepass; clients send it right after connecting.")
neg("gradle and npm token references", "npmAuthToken: ${NPM_TOKEN}\nsigning.password=${SIGNING_PASSWORD}\nsonar.login=$SONAR_TOKEN")
neg("git short SHAs in a rebase todo", "pick 3f2a1c9 rotate api keys\npick 9b7e4d2 add token refresh\nsquash 1c0d9e8 fix secret loading")

# ---- more positives and placeholders in other styles
add(["PASSWORD"], "chat message leaking a password", "fyi my password is Summer2024! until the reset next week")
add(["API_KEY"], "DRF token header", "curl -H \"Authorization: Token %s\" https://api.shop.local/v1/orders/" % hexs(40))
k, s = aws_id(), aws_secret()
add(["AWS_ACCESS_KEY", "AWS_SECRET_KEY"], "JS SDK v3 credentials object",
    "const s3 = new S3Client({ region: 'eu-west-1', credentials: { accessKeyId: '%s', secretAccessKey: '%s' } });" % (k, s))
add(["PASSWORD"], "Kubernetes secret data (base64)", "apiVersion: v1\nkind: Secret\ndata:\n  username: YXBw\n  password: %s\n" % base64.b64encode(password().encode()).decode())
add(["GITHUB_TOKEN"], "token in a YAML CI config", "steps:\n  - uses: actions/checkout@v4\n    with:\n      token: %s\n" % ghp())
add(["CONNECTION_STRING"], "Npgsql connection string", "\"Host=pg.cluster.local;Port=5432;Username=billing;Password=%s;Database=billing\"" % mixed(ALNUM, 14))
add(["EXAMPLE_CREDENTIAL"], "masked password in YAML", "smtp:\n  user: notifier\n  password: xxxxxxxx\n")
add(["EXAMPLE_CREDENTIAL"], "Stripe key placeholder with x", "export STRIPE_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx")
add(["JWT"], "JWT in a Python test", "token = \"%s\"\nassert decode(token, key)['role'] == 'admin'" % jwt({"sub": "42", "role": "admin", "exp": 1900000000}))
add(["SLACK_TOKEN"], "legacy workspace token", "SLACK_LEGACY_TOKEN=xoxp-%s-%s-%s-%s" % (rnd(DIGITS, 10), rnd(DIGITS, 10), rnd(DIGITS, 12), rnd(HEX, 32)))

add(["PASSWORD"], "INI file with spaces around =", "[smtp]\nhost = smtp.mail-relay.net\nuser = notifier\npassword = %s\n" % password())
add(["PASSWORD"], ".netrc entry", "machine ftp.partner-files.net login upload password %s\n" % mixed(ALNUM, 12))
add(["PASSWORD"], "PowerShell SecureString", "$cred = New-Object PSCredential('svc-backup', (ConvertTo-SecureString \"%s\" -AsPlainText -Force))" % password())
add(["EXAMPLE_CREDENTIAL"], "test value as api key", "WEATHER_API_KEY=test123\nWEATHER_UNITS=metric\n")
neg("PowerShell reading a secret", "$cred = Get-Credential\n$pw = Read-Host -AsSecureString 'Password'\n$token = $env:API_TOKEN")
neg("INI with variable-free settings", "[auth]\npassword_min_length = 12\ntoken_lifetime = 3600\nallow_basic_auth = false\n")


def main():
    out = sys.stdout
    for i, e in enumerate(ENTRIES, 1):
        row = {"id": "sec-%03d" % i, "text": e["text"], "expected": e["expected"], "note": e["note"]}
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
    types = {}
    for e in ENTRIES:
        for t in e["expected"]:
            types[t] = types.get(t, 0) + 1
    negatives = sum(1 for e in ENTRIES if not e["expected"])
    sys.stderr.write("%d prompts, %d pure negatives (%.0f%%)\n" % (len(ENTRIES), negatives, 100.0 * negatives / len(ENTRIES)))
    for t in sorted(types):
        sys.stderr.write("  %-20s %d\n" % (t, types[t]))


if __name__ == "__main__":
    main()
