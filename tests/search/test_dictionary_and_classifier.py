"""The domain dictionary (bundled and extended by an administrator) and the optional
classifier, used only when it beats the keyword rules on held-out cases."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tousu.policies.registry import current_version_id, spec_of_version
from tousu.search import segment
from tousu.search.models import DictionaryWord, TrainedClassifier
from tousu.search.service import search_cases
from tousu.search.suggest import classifier
from tousu.search.suggest.engine import suggest


def found(user, text):
    return {h.complaint_id for h in search_cases(user, text).hits}


def test_a_domain_word_must_occur_as_a_whole(receptionist, file_case):
    scattered = file_case("电梯停了一天。", category="elevator")
    stopped = file_case("小区停梯检修也不通知。", category="elevator")
    # 停梯 is in the bundled dictionary: the query is one word, not 停 and 梯 anywhere.
    assert found(receptionist, "停梯") == {stopped.pk}
    assert scattered.pk in found(receptionist, "梯")


@pytest.fixture
def added_word():
    yield "梯控"
    DictionaryWord.objects.filter(word="梯控").delete()
    segment.reload_dictionary()


def test_an_administrator_adds_a_word_and_rebuilds(receptionist, file_case, added_word):
    apart = file_case("梯口的门禁控制器坏了。")
    whole = file_case("梯控系统刷卡没有反应。")
    assert found(receptionist, "梯控") == {apart.pk, whole.pk}  # 梯 and 控 anywhere
    call_command("search", "words", "add", added_word, stdout=StringIO())
    call_command("search", "rebuild", stdout=StringIO(), stderr=StringIO())
    assert found(receptionist, "梯控") == {whole.pk}


def test_a_removed_word_is_no_longer_one_word(db, added_word):
    call_command("search", "words", "add", added_word, stdout=StringIO())
    assert segment.query_words("梯控系统") == ["梯控", "系统"]
    call_command("search", "words", "remove", added_word, stdout=StringIO())
    assert "梯控" not in segment.query_words("梯控系统")


def samples():
    texts = {
        "elevator": ["电梯坏了", "电梯停运", "电梯门夹人", "电梯异响", "电梯按钮失灵"],
        "cleaning": ["楼道没人打扫", "垃圾没人倒", "保洁不打扫", "保洁员不来", "垃圾桶满了"],
    }
    return [(f"{t}，第{i}次", label) for label, items in texts.items() for t in items for i in range(6)]


def test_classifier_is_used_only_when_it_beats_the_rules(setup_data):
    spec = spec_of_version(current_version_id("property-office"))
    trained = classifier.train(spec, samples())
    # The preset's keywords already get these right: the classifier is stored, not used.
    assert trained.rules_accuracy == 1.0 and trained.active is False
    assert suggest(spec, "电梯坏了")["category"].rule == "keywords"


def test_an_active_classifier_suggests_with_its_reason(setup_data):
    spec = spec_of_version(current_version_id("property-office"))
    model = classifier.fit([("业主说那个东西又不动了", "elevator"), ("走廊地上都是瓜子皮", "cleaning")] * 30)
    TrainedClassifier.objects.create(
        policy_name=spec.name, model=model, cases=60, accuracy=0.9, rules_accuracy=0.5, active=True
    )
    classifier.forget()
    try:
        got = suggest(spec, "那个东西又不动了")["category"]
        assert (got.value, got.rule) == ("elevator", "classifier")
        assert got.matched == ["东西"] and "东西" in got.reason
    finally:
        classifier.forget()


def test_training_refuses_too_few_cases(setup_data):
    with pytest.raises(CommandError, match=r"至少需要 50 件"):
        call_command("suggest", "train", "property-office", stdout=StringIO())
