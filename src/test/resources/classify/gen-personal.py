#!/usr/bin/env python3
"""Generates corpus-personal.jsonl: prompts with personal data (valid checksums) and hard negatives.

    python3 src/test/resources/classify/gen-personal.py > src/test/resources/classify/corpus-personal.jsonl

Every value is made here with its real check digits (Luhn, mod 97, Verhoeff, ...), so positives are
valid and each negative fails exactly the check it is meant to fail. Deterministic (fixed seed).
"""
import json
import random
import sys

R = random.Random(20240312)


# ---- check digits ---------------------------------------------------------------------------------

def luhn_digit(body):
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def luhn_ok(num):
    return luhn_digit(num[:-1]) == num[-1]


def card(prefix, length):
    body = prefix + "".join(R.choice("0123456789") for _ in range(length - len(prefix) - 1))
    return body + luhn_digit(body)


def bad_luhn(num):
    last = int(num[-1])
    return num[:-1] + str((last + 3) % 10)


def group(num, sizes, sep=" "):
    out, i = [], 0
    for s in sizes:
        out.append(num[i:i + s])
        i += s
    return sep.join(out)


def iban(country, bban):
    rearranged = bban + country + "00"
    digits = "".join(str(int(c, 36)) for c in rearranged)
    check = 98 - int(digits) % 97
    return f"{country}{check:02d}{bban}"


def iban_printed(value):
    return " ".join(value[i:i + 4] for i in range(0, len(value), 4))


def rand_digits(n):
    return "".join(R.choice("0123456789") for _ in range(n))


def rand_upper(n):
    return "".join(R.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(n))


def ssn():
    while True:
        area = R.randint(1, 899)
        if area != 666:
            break
    return f"{area:03d}-{R.randint(1, 99):02d}-{R.randint(1, 9999):04d}"


NINO_FIRST = "ABCEGHJKLMNOPRSTWXYZ"
NINO_SECOND = "ABCEGHJKLMNPRSTWXYZ"


def nino():
    while True:
        p = R.choice(NINO_FIRST) + R.choice(NINO_SECOND)
        if p not in ("BG", "GB", "NK", "KN", "TN", "NT", "ZZ"):
            break
    d = rand_digits(6)
    return f"{p} {d[0:2]} {d[2:4]} {d[4:6]} {R.choice('ABCD')}"


DNI = "TRWAGMYFPDXBNJZSQVHLCKE"


def dni():
    n = R.randint(10000000, 99999999)
    return f"{n}{DNI[n % 23]}"


def nie():
    lead = R.choice("XYZ")
    n = R.randint(1000000, 9999999)
    full = int(str("XYZ".index(lead)) + f"{n:07d}")
    return f"{lead}{n:07d}{DNI[full % 23]}"


CF_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]


def codice_fiscale():
    body = rand_upper(6) + rand_digits(2) + R.choice("ABCDEHLMPRST") + f"{R.randint(1, 28):02d}" \
        + R.choice("ABCDEFGHILM") + rand_digits(3)
    total = 0
    for i, ch in enumerate(body):
        v = int(ch) if ch.isdigit() else ord(ch) - 65
        total += CF_ODD[v] if i % 2 == 0 else v
    return body + chr(65 + total % 26)


def nir(spaced=True):
    sex = R.choice("12")
    yy = f"{R.randint(40, 99):02d}"
    mm = f"{R.randint(1, 12):02d}"
    dept = f"{R.randint(1, 95):02d}"
    commune = rand_digits(3)
    order = f"{R.randint(1, 999):03d}"
    body = sex + yy + mm + dept + commune + order
    key = 97 - int(body) % 97
    if spaced:
        return f"{sex} {yy} {mm} {dept} {commune} {order} {key:02d}"
    return f"{body}{key:02d}"


def bsn():
    while True:
        d = rand_digits(8)
        s = sum((9 - i) * int(c) for i, c in enumerate(d))
        last = s % 11
        if last < 10 and s != 0:
            return d + str(last)


def iso7064_11_10(body):
    product = 10
    for ch in body:
        total = (int(ch) + product) % 10
        if total == 0:
            total = 10
        product = (total * 2) % 11
    check = 11 - product
    return "0" if check == 10 else str(check)


def steuer_id():
    while True:
        digits = list("0123456789")
        R.shuffle(digits)
        if digits[0] == "0":
            continue
        missing = digits[9]
        ten = digits[:9]
        ten.insert(R.randint(1, 9), R.choice(ten[1:]))  # one digit twice, one digit missing
        body = "".join(ten)
        if len(set(body)) == 9 and missing not in body:
            return body + iso7064_11_10(body)


VERHOEFF_D = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
              [3, 4, 0, 1, 2, 8, 9, 5, 6, 7], [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
              [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3], [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
              [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]]
VERHOEFF_P = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
              [8, 9, 1, 6, 0, 4, 3, 5, 2, 7], [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
              [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8]]
VERHOEFF_INV = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9]


def verhoeff_digit(body):
    c = 0
    for i, ch in enumerate(reversed(body)):
        c = VERHOEFF_D[c][VERHOEFF_P[(i + 1) % 8][int(ch)]]
    return str(VERHOEFF_INV[c])


def aadhaar():
    body = str(R.randint(2, 9)) + rand_digits(10)
    return body + verhoeff_digit(body)


def sin():
    body = str(R.choice([1, 2, 4, 5, 6, 7, 9])) + rand_digits(7)
    return body + luhn_digit(body)


def cpf():
    while True:
        d = [int(c) for c in rand_digits(9)]
        if len(set(d)) > 1:
            break
    for n in (9, 10):
        s = sum(d[i] * (n + 1 - i) for i in range(n))
        r = (s * 10) % 11
        d.append(0 if r == 10 else r)
    v = "".join(map(str, d))
    return f"{v[0:3]}.{v[3:6]}.{v[6:9]}-{v[9:11]}", v


def chinese_id(year, month, day):
    body = "110105" + f"{year:04d}{month:02d}{day:02d}" + rand_digits(3)
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    s = sum(int(body[i]) * w[i] for i in range(17))
    return body + "10X98765432"[s % 11]


def pesel(yy, mm, dd):
    body = f"{yy:02d}{mm:02d}{dd:02d}" + rand_digits(4)
    w = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]
    s = sum(int(body[i]) * w[i] for i in range(10))
    return body + str((10 - s % 10) % 10)


def personnummer(yymmdd):
    body = yymmdd + rand_digits(3)
    return f"{yymmdd}-{body[6:]}{luhn_digit(body)}"


def mrz_digit(s):
    w = [7, 3, 1]
    total = 0
    for i, ch in enumerate(s):
        if ch.isdigit():
            v = int(ch)
        elif ch.isalpha():
            v = ord(ch) - 55
        else:
            v = 0
        total += v * w[i % 3]
    return str(total % 10)


def mrz(country, surname, given, number, nationality, birth, sex, expiry, personal=""):
    line1 = ("P<" + country + surname + "<<" + given.replace(" ", "<")).ljust(44, "<")[:44]
    num = number.ljust(9, "<")
    pers = personal.ljust(14, "<")
    pers_check = mrz_digit(pers) if personal else "<"
    if not personal:
        pers_check = "0"
    line2 = num + mrz_digit(num) + nationality + birth + mrz_digit(birth) + sex + expiry + mrz_digit(expiry) \
        + pers + pers_check
    composite = line2[0:10] + line2[13:20] + line2[21:43]
    line2 += mrz_digit(composite)
    assert len(line1) == 44 and len(line2) == 44, (line1, line2)
    return line1, line2


# ---- values ---------------------------------------------------------------------------------------

VISA = card("4", 16)
VISA_B = card("4", 16)
VISA_13 = card("4", 13)
VISA_19 = card("4", 19)
MC = card("53", 16)
MC2 = card("2223", 16)
AMEX = card("37", 15)
AMEX_B = card("34", 15)
DISC = card("6011", 16)
DISC_65 = card("65", 16)
JCB = card("3530", 16)
DINERS = card("36", 14)
UNIONPAY = card("6212", 16)
MAESTRO = card("6759", 16)

IBAN_DE = iban("DE", rand_digits(18))
IBAN_GB = iban("GB", "NWBK" + rand_digits(14))
IBAN_FR = iban("FR", rand_digits(10) + rand_digits(11) + rand_digits(2))
IBAN_ES = iban("ES", rand_digits(20))
IBAN_NL = iban("NL", "ABNA" + rand_digits(10))
IBAN_IT = iban("IT", "X" + rand_digits(10) + rand_digits(12))
IBAN_BE = iban("BE", rand_digits(12))
IBAN_CH = iban("CH", rand_digits(5) + rand_digits(12))
IBAN_AT = iban("AT", rand_digits(16))
IBAN_PL = iban("PL", rand_digits(24))
IBAN_IE = iban("IE", "AIBK" + rand_digits(14))
IBAN_PT = iban("PT", rand_digits(21))


def bad_iban(value):
    c = int(value[2:4])
    return value[:2] + f"{(c + 1) % 98 or 2:02d}" + value[4:]


SSN1, SSN2, SSN3, SSN4, SSN5, SSN6, SSN7, SSN8, SSN9, SSN10 = (ssn() for _ in range(10))
CPF_FMT, CPF_BARE = cpf()
CPF2_FMT, CPF2_BARE = cpf()

cases = []


def add(text, expected, note):
    cases.append({"text": text, "expected": sorted(set(expected)), "note": note})


# ==== EMAIL ==========================================================================================
add("Hi team, the customer Laura Becker (laura.becker@gmail.com) says her invoice shows the wrong billing address. "
    "Can you draft a polite reply?", ["EMAIL"], "support ticket with customer address")
add("CRM note 2024-05-14: spoke with Tom Alvarez, procurement lead at Northwind. Follow up by email at "
    "t.alvarez@northwind-traders.com next Tuesday about the renewal.", ["EMAIL"], "CRM note")
add("commit 9f2c1e7\nAuthor: Priya Natarajan <priya.natarajan@fastmail.fm>\nDate:   Tue Mar 12 14:22:01 2024 +0100\n\n"
    "    Fix rounding in invoice totals", ["EMAIL"], "git log author")
add("name,email,plan\nAnna Schmidt,anna.schmidt@web.de,pro\nLuis Ortega,luis.ortega+billing@outlook.com,free\n",
    ["EMAIL"], "CSV export of users")
add("For questions about your order, write to support@acme.com or use the chat widget.", ["EMAIL"],
    "generic support address is still an EMAIL")
add('{"user": {"id": 48213, "display_name": "kwame", "email": "kwame.mensah@proton.me", "verified": true}}',
    ["EMAIL"], "JSON user record")
add("Kundin: Frau Weber\nE-Mail: s.weber@t-online.de\nAnliegen: Rücksendung der Bestellung", ["EMAIL"],
    "German support form")
add("[10:42] agent: could you confirm the address we should use?\n[10:43] customer: sure, it's mo.chen@yahoo.co.uk",
    ["EMAIL"], "chat transcript")
add('def test_signup():\n    user = User(name="Ana Lima", email="ana.lima@corp-mail.io")\n    assert user.is_valid()',
    ["EMAIL"], "code with test data")
add('<a href="mailto:hr-team@globex.org">Contact HR</a> for questions about the onboarding packet.', ["EMAIL"],
    "mailto link")
add("Please add j.okafor@students.unilag.edu.ng to the mailing list for the seminar.", ["EMAIL"],
    "university address with ccTLD")

# ==== EMAIL negatives ================================================================================
add("@Override\npublic String toString() {\n    return \"Order[\" + id + \"]\";\n}\n\n@Deprecated(since = \"2.1\")\n"
    "void legacy() {}", [], "Java annotations")
add("git remote add origin git@github.com:acme/payments-service.git\ngit push -u origin main", [],
    "SSH remote is not an email")
add('import { Button } from "@mui/material";\nimport type { Request } from "@types/express";\n'
    "npm install @angular/core@17.3.0 lodash@4.17.21", [], "npm scopes and package@version")
add("@app.route('/health')\ndef health():\n    return {'status': 'ok'}\n\n@dataclass\nclass Config:\n    debug: bool = False",
    [], "Python decorators")
add("@media (max-width: 600px) { .nav { display: none; } }\n.logo { background: url(logo@2x.png); }", [],
    "CSS at-rule and retina asset")
add("Cron mails go to root@localhost and the relay is admin@mailhost.local; neither is routable.", [],
    "local mailbox names")
add("Thanks @maria_dev and @jlee for the review! Merging after CI passes.", [], "mentions")
add("ssh deploy@build-01:/srv/releases and scp ./dist/app.tar.gz deploy@build-01:/srv/releases/", [],
    "scp targets without a domain")

# ==== PHONE ===========================================================================================
add("Hi, this is Dana from Pacific Dental. Please call me back at (415) 555-2671 to confirm tomorrow's appointment.",
    ["PHONE"], "US voicemail transcript")
add("Our London office can be reached on +44 20 7946 0958, Berlin on +49 30 901820.", ["PHONE"],
    "international formats")
add("Kontakt: Herr Yilmaz, Telefon 089 12345678, erreichbar Mo-Fr 9-17 Uhr.", ["PHONE"],
    "German national format with Telefon")
add("Pour toute question, appelez Mme Dubois au 06 12 34 56 78 (portable).", ["PHONE"],
    "French national mobile with context")
add("Driver contact: +91 98765 43210. Delivery window 14:00-16:00.", ["PHONE"], "Indian mobile")
add("Reception: +61 2 9374 4000\nAfter hours: +61 412 345 678", ["PHONE"], "Australian numbers")
add("Cliente: João Silva, celular +55 11 91234-5678, prefere contato por WhatsApp.", ["PHONE"], "Brazilian mobile")
add("Sales lead from the trade fair: Kenji Watanabe, +81 3-1234-5678, interested in the enterprise plan.",
    ["PHONE"], "Japanese number")
add("name,phone,city\nOlivia Park,4155552671,San Francisco\nMarcus Hill,2127363100,New York\n", ["PHONE"],
    "CSV with bare digits under a phone header")
add("Best regards,\nSophie Martin\nAccount Manager\nM: +44 7911 123456\nT: +44 20 7946 0958", ["PHONE"],
    "e-mail signature block")
add("If the device does not start, our hotline 1-800-275-2273 is open 24/7.", ["PHONE"], "US toll-free")
add("Telefoon: 06-12345678 (Jan de Vries), bellen na 18:00.", ["PHONE"], "Dutch mobile with context")
add("Puedes llamarme al teléfono 612 34 56 78 cuando quieras.", ["PHONE"], "Spanish national without trunk 0")
add("Escalation: customer Ray Liu left a voicemail, callback number 617.253.1000.", ["PHONE"], "dotted US number")
add("Tel: 020 7946 0958 (switchboard), fax 020 7946 0959", ["PHONE"], "UK national format with Tel")

# ==== PHONE negatives =================================================================================
add("Order #4155552671 shipped on 2024-03-12; tracking will update within 24 hours.", [], "order number")
add("Release notes: upgraded the runtime to 10.2.3.4 and the parser to 2.14.1. Build 20240312.7.", [],
    "version numbers")
add("ISBN 978-0-306-40615-7 and ISBN 0-306-40615-2 both refer to the same edition.", [], "ISBNs")
add("2024-03-12 14:22:01.337 INFO  [main] Processed batch 1710243312 in 415 ms (rows=5552671)", [],
    "log line with epoch and counters")
add("The part number is AB-415-555-2671-X and the replacement kit is KT-2024-0099.", [], "phone-like product codes")
add("Total: $1,299.00 for 12 units, discount 15%, ships in 3-5 days.", [], "prices and quantities")
add("long visits = 4155552671L;\nint port = 8080;\nString id = \"2127363100\";", [], "big integers in code")
add("The sample contains 3141592653 rows and took 2718281828 ns to load.", [], "large counts")
add("Meeting moved to 12/03/2024 at 10:30; room 4.12, dial-in code to be announced.", [], "date and room number")
add("Tracking number 1Z 999 AA1 0123 4567 84 - estimated delivery Friday.", [], "UPS tracking number")

# ==== CREDIT_CARD =======================================================================================
add(f"Customer says the charge on card {group(VISA, [4, 4, 4, 4])} was declined twice yesterday. Please check "
    "the gateway logs.", ["CREDIT_CARD"], "Visa spaced")
add(f"2024-03-12T09:14:55Z payment.authorize status=approved pan={MC2} amount=49.90 currency=EUR",
    ["CREDIT_CARD"], "Mastercard 2-series in a payment log")
add(f"Amex on file: {group(AMEX, [4, 6, 5])}, exp 09/27.", ["CREDIT_CARD"], "Amex 4-6-5")
add(f"my new card is {group(DISC, [4, 4, 4, 4], '-')} can you update my subscription", ["CREDIT_CARD"],
    "Discover dashed in chat")
add(f"card_number,holder,exp\n{JCB},Yuki Tanaka,11/26\n", ["CREDIT_CARD"], "JCB in CSV")
add(f"Diners Club card {group(DINERS, [4, 6, 4])} was added to the corporate travel account.", ["CREDIT_CARD"],
    "Diners 14 digits")
add(f"UnionPay {UNIONPAY} failed 3-D Secure; ask the customer to retry.", ["CREDIT_CARD"], "UnionPay")
add(f'{{"event":"refund","card":{{"brand":"maestro","number":"{MAESTRO}"}},"amount":1200}}', ["CREDIT_CARD"],
    "Maestro in JSON")
add(f"Test fixture: chargeCard(\"{group(MC, [4, 4, 4, 4])}\", 1999)", ["CREDIT_CARD"], "Mastercard in code")
add(f"Visa ending in a 19-digit PAN: {VISA_19} - is that length supported by our processor?", ["CREDIT_CARD"],
    "19-digit Visa")
add(f"Old Visa cards had 13 digits, like {VISA_13}.", ["CREDIT_CARD"], "13-digit Visa")
add(f"Please charge {group(DISC_65, [4, 4, 4, 4])} for the balance.", ["CREDIT_CARD"], "Discover 65")

# ==== CREDIT_CARD negatives ==============================================================================
add(f"Card {group(bad_luhn(VISA_B), [4, 4, 4, 4])} was rejected by the form because of a typo.", [],
    "Visa-shaped, fails Luhn")
add(f"Order {bad_luhn(card('5', 16))} and order {bad_luhn(card('4', 16))} are waiting for pickup.", [],
    "16-digit order numbers failing Luhn")
add(f"Shipment {card('9', 16)} left the warehouse; parcel {card('7', 16)} is delayed.", [],
    "16-digit tracking numbers with no card prefix")
add("Event timestamps (ms): 1710243312123, 1710243399871, 1710243412000.", [], "millisecond timestamps")
add(f"IMEI {card('35', 15)} registered to the fleet phone.", [], "IMEI (Luhn-valid, but 15 digits starting 35)")
add("Reference: 1234 5678 9012 3456 7890 (SEPA end-to-end id).", [], "long reference number")
add(f"Amex-like {bad_luhn(AMEX_B)} failed validation.", [], "Amex-shaped, fails Luhn")
add("Account 0000 0000 0000 0000 is a placeholder in the form template.", [], "zero placeholder")

# ==== IBAN ================================================================================================
add(f"Please transfer the deposit to IBAN {iban_printed(IBAN_DE)} (Sparkasse), reference: Miete April.",
    ["IBAN"], "German IBAN printed")
add(f"Bank details for the refund: {iban_printed(IBAN_GB)}, BIC NWBKGB2L.", ["IBAN"], "UK IBAN")
add(f"Virement SEPA vers {IBAN_FR} effectué le 12/03.", ["IBAN"], "French IBAN electronic form")
add(f"Cuenta para domiciliación: {iban_printed(IBAN_ES)}", ["IBAN"], "Spanish IBAN")
add(f"<CdtrAcct><Id><IBAN>{IBAN_NL}</IBAN></Id></CdtrAcct>", ["IBAN"], "SEPA XML")
add(f"IBAN: {iban_printed(IBAN_IT)} intestato a Giulia Romano", ["IBAN"], "Italian IBAN")
add(f"vendor_id;name;iban\n2201;Brouwerij De Smet;{IBAN_BE}\n2202;Alpen Käse AG;{IBAN_CH}\n", ["IBAN"],
    "Belgian and Swiss IBANs in CSV")
add(f"Gehalt bitte ab Mai auf {iban_printed(IBAN_AT)} überweisen.", ["IBAN"], "Austrian IBAN")
add(f"Numer rachunku: {iban_printed(IBAN_PL)}", ["IBAN"], "Polish IBAN")
add(f"Direct debit mandate signed, account {IBAN_IE}.", ["IBAN"], "Irish IBAN")
add(f"Transferência para {iban_printed(IBAN_PT)} confirmada.", ["IBAN"], "Portuguese IBAN")

# ==== IBAN negatives ========================================================================================
add(f"The IBAN {iban_printed(bad_iban(IBAN_DE))} was rejected: checksum mismatch.", [], "German IBAN wrong check")
add(f"Typo in {bad_iban(IBAN_GB)} - the bank bounced the payment.", [], "UK IBAN wrong check")
add("Example format: DE00 1234 5678 9012 3456 78 (do not use).", [], "IBAN format example with 00 check digits")
add("Product SKU FR76ABCD12345 and GB12XYZ are internal catalogue codes.", [], "IBAN-like short codes")
add(f"NL91 ABNA 0417 1643 0 is one digit short.", [], "IBAN with wrong length")

# ==== US_SSN ================================================================================================
add(f"Employee: Karen Hughes\nSSN: {SSN1}\nStart date: 2024-04-01\nDepartment: Logistics", ["US_SSN"],
    "HR record")
add(f"W-2 correction requested for social security number {SSN2.replace('-', ' ')}.", ["US_SSN"],
    "spaced SSN with context")
add(f"Applicant SSN {SSN3.replace('-', '')} verified against the payroll file.", ["US_SSN"],
    "bare SSN with context")
add(f"first,last,ssn,hire_date\nDerek,Mills,{SSN4.replace('-', '')},2021-06-14\n", ["US_SSN"],
    "CSV column ssn with bare digits")
add(f"Background check for Mario Rossi: {SSN5}, no records found.", ["US_SSN"], "dashed SSN without context word")
add(f"Can you format these for the benefits portal: {SSN6}, {SSN7}", ["US_SSN"], "two SSNs")
add(f'{{"employee_id": 1042, "ssn": "{SSN8}", "state": "TX"}}', ["US_SSN"], "JSON")
add(f"Tax form 1040 - taxpayer SS# {SSN9}", ["US_SSN"], "SS#")
add(f"Patient insurance subscriber SSN: {SSN10}", ["US_SSN"], "insurance form")

# ==== US_SSN negatives ========================================================================================
add("Invalid test inputs for the validator: 000-12-3456, 666-45-6789, 912-34-5678, 123-00-4567, 123-45-0000.",
    [], "SSA-invalid areas, groups and serials")
add("The SSA sample numbers 078-05-1120 and 219-09-9999 and the textbook 123-45-6789 are not real.", [],
    "advertising/sample numbers")
add("Ticket 2024-03-1234 was merged into 2024-03-1240.", [], "ticket ids")
add("The extension list uses spaced codes like 412 55 1234 and 530 18 2207 for the lab phones.", [],
    "spaced 3-2-4 codes without SSN context")
add("The batch id 536228702 finished with 0 errors.", [], "bare 9 digits without SSN context")

# ==== NATIONAL_ID ===============================================================================================
add(f"New starter form - National Insurance number: {nino()}, tax code 1257L.", ["NATIONAL_ID"], "UK NINO")
add(f"Datos del cliente: Carmen Ruiz, DNI {dni()}, domicilio en Sevilla.", ["NATIONAL_ID"], "Spanish DNI")
add(f"Permiso de residencia, NIE: {nie()}", ["NATIONAL_ID"], "Spanish NIE")
add(f"Codice fiscale del paziente: {codice_fiscale()}", ["NATIONAL_ID"], "Italian codice fiscale")
add(f"Numéro de sécurité sociale : {nir()}", ["NATIONAL_ID"], "French NIR spaced")
add(f"Adherent {nir(False)} - remboursement validé.", ["NATIONAL_ID"], "French NIR compact without context")
add(f"Burgerservicenummer (BSN): {bsn()}", ["NATIONAL_ID"], "Dutch BSN with context")
sid = steuer_id()
add(f"Steuer-ID: {sid[0:2]} {sid[2:5]} {sid[5:8]} {sid[8:11]} - bitte in die Lohnabrechnung übernehmen.",
    ["NATIONAL_ID"], "German Steuer-ID spaced")
add(f"Steueridentifikationsnummer {steuer_id()}", ["NATIONAL_ID"], "German Steuer-ID compact")
a = aadhaar()
add(f"KYC done. Aadhaar: {a[0:4]} {a[4:8]} {a[8:12]}, PAN pending.", ["NATIONAL_ID"], "Indian Aadhaar")
s_in = sin()
add(f"Canadian payroll: SIN {s_in[0:3]} {s_in[3:6]} {s_in[6:9]} for Émilie Gagnon.", ["NATIONAL_ID"],
    "Canadian SIN with context")
add(f"Cadastro do cliente, CPF {CPF_FMT}, endereço em Curitiba.", ["NATIONAL_ID"], "Brazilian CPF formatted")
add(f"cpf: {CPF2_BARE}", ["NATIONAL_ID"], "Brazilian CPF bare with context")
add(f"居民身份证 {chinese_id(1987, 6, 15)}", ["NATIONAL_ID"], "Chinese resident id")
add(f"PESEL: {pesel(85, 7, 9)}", ["NATIONAL_ID"], "Polish PESEL")
add(f"Personnummer {personnummer('850709')}", ["NATIONAL_ID"], "Swedish personnummer")

# ==== NATIONAL_ID negatives ========================================================================================
add("The HMRC example QQ 12 34 56 C is used in their guidance pages.", [], "NINO with invalid prefix QQ")
n_dni = dni()
wrong = DNI[(DNI.index(n_dni[-1]) + 5) % 23]
add(f"DNI {n_dni[:-1]}{wrong} fails the letter check.", [], "DNI with wrong letter")
cf = codice_fiscale()
cf_bad = cf[:-1] + chr(65 + (ord(cf[-1]) - 65 + 7) % 26)
add(f"Il codice {cf_bad} risulta non valido.", [], "codice fiscale with wrong check")
n = nir(False)
add(f"Numéro de sécurité sociale {n[:-2]}{(int(n[-2:]) + 1) % 97:02d} rejeté par la CPAM.", [],
    "NIR with wrong key")
b = bsn()
add(f"BSN {b[:-1]}{(int(b[-1]) + 1) % 10} klopt niet volgens de elfproef.", [], "BSN failing 11-proof")
a_bad = aadhaar()
add(f"Aadhaar {a_bad[:-1]}{(int(a_bad[-1]) + 1) % 10} - verification failed.", [], "Aadhaar failing Verhoeff")
add(f"Invoice 48213957164 and invoice 73019284651 were paid.", [], "11-digit invoice numbers")
add(f"The CPF {CPF_BARE[:9]}{(int(CPF_BARE[9:]) + 11) % 100:02d} has invalid check digits.", [],
    "CPF with wrong check digits")
n1, n2 = nir(False), nir(False)
add(f"Serial numbers {n1[:-2]}{(int(n1[-2:]) + 3) % 97:02d} and {n2[:-2]}{(int(n2[-2:]) + 40) % 97:02d} "
    "belong to the same pallet.", [], "15-digit serials without a valid NIR key")

# ==== PASSPORT =======================================================================================================
add("Traveler: Michael Grant, passport number 561234897, nationality USA, expires 2031-08-20.", ["PASSPORT"],
    "US passport digits")
add("Booking note - passport no. X1234567 (new), the old one was reported lost.", ["PASSPORT"], "letter + 7 digits")
add("Reisepass-Nr.: C01X00T47, ausgestellt in Köln.", ["PASSPORT"], "German passport")
add("Numéro de passeport : 12AB34567", ["PASSPORT"], "French passport")
add("Guest list for the embassy visit:\nname;passport;nationality\nAlice Moreau;19FV23456;FR\nRavi Kumar;J8369854;IN\n",
    ["PASSPORT"], "passport column in a CSV")
add("Pasaporte: PAA123456 - titular Lucía Fernández.", ["PASSPORT"], "Spanish passport")
l1, l2 = mrz("UTO", "ERIKSSON", "ANNA MARIA", "L898902C3", "UTO", "740812", "F", "120415", "ZE184226B")
add(f"Scanned document:\n{l1}\n{l2}", ["PASSPORT"], "ICAO sample MRZ")
l1, l2 = mrz("GBR", "SMITH", "JOHN JAMES", "925076473", "GBR", "850315", "M", "300118")
add(f"OCR output of the photo page:\n{l1}\n{l2}\nPlease extract the expiry date.", ["PASSPORT"], "UK passport MRZ")
add("UK passport 925076473 needs renewing before the trip.", ["PASSPORT"], "UK 9 digits")
add("Indian passport no: K1234567, issued at Mumbai.", ["PASSPORT"], "Indian passport")
add("Passport # A98765432 was scanned at the front desk.", ["PASSPORT"], "US letter + 8 digits")

# ==== PASSPORT negatives ================================================================================================
add("What are the passport photo requirements for a child under 5?", [], "passport context, no number")
add("Renew your passport at least six months before it expires in 2030.", [], "passport context with year")
add("Ticket X1234567 was escalated to the second line.", [], "passport-like token without passport context")
l1, l2 = mrz("UTO", "ERIKSSON", "ANNA MARIA", "L898902C3", "UTO", "740812", "F", "120415", "ZE184226B")
bad_l2 = l2[:9] + str((int(l2[9]) + 1) % 10) + l2[10:]
add(f"Damaged scan:\n{l1}\n{bad_l2}", [], "MRZ with wrong check digit")
add("The passport office opens at 08:30; bring form DS-82 and two photos.", [], "passport office hours")

# ==== IP_ADDRESS ==============================================================================================================
add('93.184.216.34 - - [12/Mar/2024:14:22:01 +0000] "GET /account/settings HTTP/1.1" 200 5123 "-" "Mozilla/5.0"',
    ["IP_ADDRESS"], "nginx access log")
add("Mar 12 14:22:01 web-01 sshd[2219]: Invalid user admin from 185.220.101.47 port 52144",
    ["IP_ADDRESS"], "sshd auth log")
add("X-Forwarded-For: 81.2.69.160, 10.0.3.17", ["IP_ADDRESS"], "proxy header with public and private IPs")
add("Customer reports she can't log in from her home connection, IP 86.12.45.201, since this morning.",
    ["IP_ADDRESS"], "support ticket with client IP")
add('{"ts":"2024-03-12T14:22:01Z","client_ip":"2a02:8070:a18a:c00:5d2c:e3ff:fe2b:9a41","path":"/login","status":401}',
    ["IP_ADDRESS"], "IPv6 in JSON log")
add("inet 192.168.1.23/24 brd 192.168.1.255 scope global dynamic eth0", ["IP_ADDRESS"],
    "interface address with prefix (private range)")
add("2024-03-12 14:22:05 fail2ban.actions [812]: NOTICE [sshd] Ban 45.155.205.233", ["IP_ADDRESS"], "fail2ban")
add("Block traffic from 2001:0470:1f0b:1f4::2 on the edge firewall.", ["IP_ADDRESS"], "IPv6 compressed")
add("The printer in room 3 has a static address 10.20.30.40.", ["IP_ADDRESS"], "private IP of a device")
add("User jdoe connected to the VPN from 77.111.247.6 at 08:14 and disconnected at 17:52.", ["IP_ADDRESS"],
    "VPN log")
add("Allow-list entry for the partner: 152.67.13.8:443", ["IP_ADDRESS"], "IP with port")
add("Our DNS resolvers are 1.1.1.1 and 8.8.4.4.", ["IP_ADDRESS"], "public resolvers")

# ==== IP_ADDRESS negatives ================================================================================================
add("Upgrade to version 10.2.3.4 before applying the patch; 10.2.3.3 has a known bug.", [], "four-part versions")
add("Examples in the docs use 192.0.2.10, 198.51.100.7, 203.0.113.25 and 2001:db8::1.", [],
    "documentation ranges")
add("The service binds to 0.0.0.0:8080 and health checks hit 127.0.0.1 and ::1.", [], "unspecified and loopback")
add("Firewall rules: allow 10.0.0.0/8, allow 172.16.0.0/12, deny 0.0.0.0/0. Netmask 255.255.255.0.", [],
    "CIDR networks and netmask")
add("snmpget -v2c -c public host 1.3.6.1.2.1.1.3.0 returns the uptime OID.", [], "SNMP OID")
add("Interface MAC 00:1A:2B:3C:4D:5E, backup at 12:30:45, uptime 14:22:01.", [], "MAC address and times")
add("pip install requests==2.31.0 urllib3==1.26.18.1 and set __version__ = '4.1.0.2'", [], "pinned versions")
add("Chrome/120.0.6099.109 Safari/537.36 and Windows NT 10.0.19045.3803", [], "user-agent versions")
add("Section 4.2.1.3 of the spec defines the retry policy.", [], "section numbers")

# ==== DATE_OF_BIRTH ==================================================================================================
add("Patient: Maria Lopez\nDOB: 03/12/1984\nReason for visit: persistent cough, 2 weeks.", ["DATE_OF_BIRTH"],
    "patient intake")
add("Our new hire, Daniel Kim, was born on March 12, 1991 and starts on Monday.", ["DATE_OF_BIRTH"], "HR note")
add("Name: Jonas Becker\nGeburtsdatum: 12.03.1984\nWohnort: Hamburg", ["DATE_OF_BIRTH"], "German form")
add("Mme Claire Fontaine, née le 7 juillet 1979 à Lyon.", ["DATE_OF_BIRTH"], "French")
add("Solicitante: Pablo Herrera. Fecha de nacimiento: 23/11/1990.", ["DATE_OF_BIRTH"], "Spanish")
add("employee_id,full_name,date_of_birth\n1042,Grace Liu,1988-02-29\n1043,Omar Haddad,1975-10-05\n",
    ["DATE_OF_BIRTH"], "CSV column")
add('{"patient": {"name": "Sara Novak", "dateOfBirth": "1990-07-01", "blood_type": "A+"}}', ["DATE_OF_BIRTH"],
    "JSON record")
add("Intake note: Mr. Ellis, D.O.B. 7/4/1962, presents with knee pain.", ["DATE_OF_BIRTH"], "D.O.B. abbreviation")
add("Reminder for the team: Hannah Schultz's birthday is 12 Mar 1984 - cake on Friday!", ["DATE_OF_BIRTH"],
    "birthday with full date")
add("Paziente Marco Bianchi, nato il 15/06/1958 a Torino.", ["DATE_OF_BIRTH"], "Italian")
add("Date of birth: 1984-03-12", ["DATE_OF_BIRTH"], "DOB field without a name (reported, lower confidence)")
add("Student record - Amelia Clarke, DOB 2009-09-30, Year 10.", ["DATE_OF_BIRTH"], "minor's DOB")

# ==== DATE_OF_BIRTH negatives ================================================================================================
add("The release is scheduled for 2024-03-12 and the retro for March 15, 2024.", [], "dates without birth context")
add("The birthday party is next Saturday, bring snacks!", [], "birth context without a date")
add("The form field 'date of birth' must be before 2006-01-01 for adult accounts.", [], "validation rule")
add("DOB field format: DD/MM/YYYY.", [], "format hint without a date")
add("The project was born out of a hackathon; v1 shipped on 2019-05-20.", [], "born, but no birth date nearby")
add("Invoice date 12.03.1984 in the archive scan, due 12.04.1984.", [], "old dates without birth context")
add("Expected delivery date of birth certificates: 2031-01-15.", [], "future date")
add("Born in the USA is a 1984 album by Bruce Springsteen.", [], "born with a year only")

# ==== mixed positives ===============================================================================================
add(f"New patient registration\nName: Helena Kowalski\nDate of birth: 14/02/1979\nPhone: +48 22 123 45 67\n"
    f"Email: helena.kowalski@onet.pl\nPESEL: {pesel(79, 2, 14)}", ["DATE_OF_BIRTH", "PHONE", "EMAIL", "NATIONAL_ID"],
    "patient registration form")
add(f"Refund request from Ben Carter (ben.carter@icloud.com), card {group(VISA_B, [4, 4, 4, 4])}, "
    f"login IP 92.40.177.3.", ["EMAIL", "CREDIT_CARD", "IP_ADDRESS"], "fraud review")
add(f"Employee onboarding: Lisa Wong, SSN {ssn()}, DOB 1992-08-17, direct deposit {iban_printed(iban('DE', rand_digits(18)))}.",
    ["US_SSN", "DATE_OF_BIRTH", "IBAN"], "HR onboarding")
add(f"Visa application for Tomás Ortega: passport number PAB765432, born 1986-01-30, mobile +34 612 34 56 78.",
    ["PASSPORT", "DATE_OF_BIRTH", "PHONE"], "visa application")
add("Hi! I'm Aisha, you can text me on (646) 555-0192 or email aisha.b@gmail.com.", ["PHONE", "EMAIL"], "chat intro")

# ==== general negatives ===================================================================================================
add("Write a Python function that returns the n-th Fibonacci number using memoization.", [], "plain coding question")
add("Summarize the key differences between TCP and UDP in three bullet points.", [], "plain question")
add("user_id=8f14e45f-ceea-467a-9f0a-0b5e1c6c6e3b session=3c59dc04-8d5e-4b1f-9a8e-7b6c1f2d3e4a", [], "UUIDs")
add("SELECT id, created_at FROM orders WHERE total > 1000 AND created_at >= '2024-01-01' LIMIT 50;", [], "SQL")
add("Coordinates of the depot: 52.520008, 13.404954. Elevation 34 m.", [], "GPS coordinates")
add("Build #48213 failed: expected 2147483647 but was -2147483648 (integer overflow).", [], "integers in test output")
add("Hash: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", [], "hash digest")
add("The meeting is at 10:30 in room B2-114, agenda: quarterly numbers and hiring plan.", [], "meeting note")
add("Kubernetes: kubectl scale deployment api --replicas=12 && kubectl rollout status deployment/api", [], "CLI")
add("Our Q3 revenue grew 12.5% to 4,155,552 EUR; headcount is 212.", [], "business numbers")
add("Serial: SN-2024-000123-XZ, firmware 3.14.159, model RT-AX88U.", [], "device identifiers")
add("Tracking IDs: 9400111899223344556677, 420921559400111899223344556677.", [], "USPS tracking numbers")
add("Matrix multiplication benchmark: 4096x4096 in 1.83 s, 75.1 GFLOP/s.", [], "benchmark output")
add("Use semantic versioning: 1.0.0, 1.0.1, 1.1.0, 2.0.0-rc.1.", [], "semver")
add("The Fibonacci numbers 1346269, 2178309 and 3524578 appear in the test vectors.", [], "7-digit numbers")

# ==== more hard negatives ===================================================================================================
add(f"Transaction with card {bad_luhn(card('51', 16))} failed: invalid card number.", [], "Mastercard-shaped, fails Luhn")
add(f"Luhn-valid but no issuer: {card('8', 16)} and {card('1', 16)}.", [], "Luhn-valid numbers outside IIN ranges")
ib = IBAN_ES
add(f"Corrija la cuenta {iban_printed(ib[:-1] + str((int(ib[-1]) + 1) % 10))}, el banco la rechazó.", [],
    "Spanish IBAN with one digit changed")
add("The call took 4155552671 ns and the callback returned 2127363100.", [], "'call' in code timing output")
add("Upgraded OpenSSL from 1.1.1.1 to 3.0.13 on all nodes.", [], "single-digit dotted version")
add("Mirror: https://mirror.example.org/pub/releases/5.10.0.1/ and /opt/app/lib/2.14.0.3/", [], "versions in paths")
add("Use the format name@domain.tld in the contact field, or user@example for local tests.", [],
    "email placeholders with fake TLDs")
add("Passport size photo, 35x45 mm, white background.", [], "passport photo size")
add("Part AB123456E is not a NI number: the suffix must be A-D.", [], "NINO-like with invalid suffix")
add("Score moved +12.5 points; temperature +21.3 C; +49 new sign-ups this week.", [], "plus signs before numbers")
add("Birthdate validation: reject dates after 2024-03-12 for the adult plan.", [], "birth context in a rule")
add("Date of birth: unknown; admitted 2024-03-12 via the emergency department.", [], "admission date, not DOB")
add("Fax machines were common in 1995; the office still keeps one by the printer.", [], "fax context, no number")
add("UUIDs like 123e4567-e89b-12d3-a456-426614174000 identify each request.", [], "UUID with digit groups")
add("Case 2024-000123-45 was closed; see docket 5:23-cv-01234.", [], "court and case numbers")
add("Pallet weights: 1234.56 kg, 2345.67 kg and 3456.78 kg (total 7036.01 kg).", [], "decimal numbers")
add("EAN 4006381333931 and UPC 036000291452 are printed on the box.", [], "barcodes")

for i, c in enumerate(cases, 1):
    row = {"id": f"pii-{i:03d}", "text": c["text"], "expected": c["expected"], "note": c["note"]}
    sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
