"""Plausible Chinese complaint data, without Django (used by the seeder and the load clients)."""

import random

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国红梅玉兰志强海燕晓东文博子涵雨轩浩然欣怡"
ESTATES = ["锦绣花园", "阳光小区", "翠湖苑", "金色家园", "滨江一号", "紫荆城", "龙湖天街", "世纪华庭", "书香门第"]
SUBJECTS = ["电梯", "楼道灯", "地下车库", "门禁", "水管", "外墙", "垃圾站", "绿化带", "消防通道", "供暖", "空调"]
PROBLEMS = [
    "经常出故障，已经反映过多次仍未解决",
    "漏水严重，影响正常生活",
    "一直没有人来维修，服务态度也很差",
    "噪音很大，晚上影响休息",
    "收费不合理，要求给出明细",
    "存在安全隐患，请尽快处理",
    "工作人员答复敷衍，要求书面说明",
    "损坏一周了还没修好",
    "卫生状况差，气味难闻",
    "维修后没几天又坏了",
]
REQUESTS = ["请尽快派人维修", "要求退还费用", "要求书面答复", "请给个处理时限", "要求赔偿损失", ""]


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def phone(rng: random.Random) -> str:
    return f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"


def unit(rng: random.Random) -> str:
    building, entrance, floor, flat = rng.randint(1, 30), rng.randint(1, 4), rng.randint(1, 33), rng.randint(1, 4)
    return f"{rng.choice(ESTATES)}{building}栋{entrance}单元{floor}{flat:02d}"


def content(rng: random.Random) -> str:
    parts = [f"{unit(rng)}的{rng.choice(SUBJECTS)}{rng.choice(PROBLEMS)}。" for _ in range(rng.randint(1, 3))]
    return "".join(parts)


PROPERTY_OFFICE_CHANNELS = ["phone", "phone", "phone", "visit", "web", "email", "letter"]


def intake_payload(rng: random.Random, categories: list[str]) -> dict[str, object]:
    """A varied POST /api/v1/complaints body as a property-management office receives it."""
    body: dict[str, object] = {
        "policy": "property-office",
        "channel": rng.choice(PROPERTY_OFFICE_CHANNELS),
        "complainant_name": person(rng),
        "complainant_phone": phone(rng),
        "complainant_unit": unit(rng),
        "category": rng.choice(categories),
        "content": content(rng),
        "request": rng.choice(REQUESTS),
        "reply_channel": rng.choice(["phone", "phone", "web", "email"]),
    }
    if rng.random() < 0.3:
        body["location"] = f"{rng.randint(1, 30)}栋{rng.choice(['大堂', '电梯厅', '地下车库', '楼顶', '楼道'])}"
    if rng.random() < 0.2:
        body["complainant_email"] = f"owner{rng.randrange(10**6)}@example.com"
    if rng.random() < 0.15:
        body["contact_person"] = person(rng)
    return body
