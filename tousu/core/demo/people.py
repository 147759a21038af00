"""Who works in the demo organisations, and who complains to them.

The staff are fixed in `organisations.yaml` (the same logins on every machine, whatever
the seed); complainants are drawn from the case's own random generator, so a seed gives
the same people every time, with phones in the demo's test range (tousu.core.demo.safety).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from tousu.core.demo import safety

DEMO_PASSWORD = "tousu-demo"  # noqa: S105 - printed for everyone: demo data only
ORGANISATIONS_FILE = Path(__file__).with_name("organisations.yaml")


SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕"
    "丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔"
)
GIVEN = (
    "伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀英 霞 平 刚 桂英 建华 文 华 红 玉兰 志强 海燕 晓东 "
    "建国 春梅 丹 萍 鹏 辉 宇 浩 婷 雪 琳 晨 欣怡 子涵 思远 佳琪 俊杰 雨萱 梓轩 淑珍 国庆 永红 卫东 立新 "
    "慧敏 晓燕 德明 玉梅 振华 文静 小龙 美玲 少华 金凤 家豪 诗琪 一鸣 梦瑶"
).split()


@dataclass(frozen=True)
class Person:
    name: str
    phone: str


def person(rng: random.Random) -> Person:
    surname = rng.choice(SURNAMES)
    name = surname + rng.choice(GIVEN)
    return Person(name, safety.phone(rng))
