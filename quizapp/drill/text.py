"""The drill's own interface words (zh, en), added to the app's string table (quizapp.i18n.STRINGS)
so footer key descriptions like "key.hint" translate like every other key. The app's own entries
win if a key is ever defined twice."""

from __future__ import annotations

from quizapp import i18n

DRILL_STRINGS: dict[str, tuple[str, str]] = {
    "help.drill": ("手算练习（quizapp drill）", "Drill (quizapp drill)"),
    "key.hint": ("提示", "hint"),
    "key.new_network": ("换个网络", "new network"),
    "key.same_again": ("同一网络再做", "same network again"),
    "key.go_on": ("用我的值继续", "go on with my value"),
    "drill.title": ("手算练习：{title}（{difficulty}，种子 {seed}）", "Drill: {title} ({difficulty}, seed {seed})"),
    "drill.easy": ("简单", "easy"),
    "drill.medium": ("中等", "medium"),
    "drill.hard": ("困难", "hard"),
    "drill.step": ("第 {pos}/{total} 步 · 得分 {score}", "Step {pos} of {total} · score {score}"),
    "drill.type": ("填入 {name}（{shape}）。Enter：下一格 / 提交；Ctrl+G：提示",
                   "Type {name} ({shape}). Enter: next cell / submit; Ctrl+G: hint"),
    # a typical wrong value (e.g. W before the update) lies within the default tolerance of the answer
    "drill.precision": ("这一步要更精确：至少 {k} 位小数（或直接输入算式）。",
                        "More precision here: give at least {k} decimals (or the arithmetic)."),
    "drill.shape0": ("一个数", "one number"),
    "drill.shape1": ("{n} 个数的向量", "a vector of {n} numbers"),
    "drill.shape1_1": ("只有 1 个数的向量", "a vector with 1 number"),
    "drill.shape2": ("{r}×{c} 矩阵", "a {r}×{c} matrix"),
    "drill.retry": ("改正标红的格子后按 Enter 重试；或按 Ctrl+O（或不改直接提交）用你的值继续，后面的步骤按你的值评分。",
                    "Fix the red cells and press Enter to retry, or press Ctrl+O (or submit it unchanged) to go "
                    "on with your value: later steps are graded with it."),
    "drill.kept": ("{name}：沿用你的值 {value}，后面的步骤按它评分。", "{name}: kept your value {value}; later steps are graded with it."),
    "drill.given": ("已知", "Given"),
    "drill.network": ("网络", "Network"),
    "drill.loss": ("损失", "loss"),
    "drill.progress": ("进度", "Progress"),
    "drill.done": ("完成！", "Done!"),
    "drill.after": ("n 换个网络 · a 同一网络再做 · Esc 返回", "n new network · a same network again · Esc back"),
    "drill.worked": ("详细解答", "Worked solution"),
    "drill.next_review": ("下次复习这个练习：{when}", "Next review of this drill: {when}"),
    "drill.checking": ("正在判分…", "Checking…"),
    "drill.fill_all": ("还有空格没填。", "Some cells are still empty."),
    "drill.failed": ("判分出错：{error}。请重新提交。", "Could not check the answer: {error}. Please submit again."),
    "drill.left": ("已离开练习；完成的步骤已保存。", "Left the drill; the finished steps are saved."),
    "drill.no_hint": ("这一步的提示已全部显示。", "Every hint for this step is already shown."),
    "drill.hint_level": ("提示 {level}/3", "Hint {level}/3"),
    "drill.no_derivations": ("题库里没有推导题（标签 derivation）。", "The question bank has no derivation questions (tag 'derivation')."),
}


def install() -> None:
    for key, pair in DRILL_STRINGS.items():
        i18n.STRINGS.setdefault(key, pair)


install()


def t(key: str, lang: str, **values: object) -> str:
    return i18n.t(key, lang, **values)
