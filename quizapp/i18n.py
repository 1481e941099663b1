"""Interface strings in Chinese and English. ``t("key", lang, **values)`` formats one.

Bank content carries its own zh/en (engine.text.Text); this file holds only the app's own words.
Key-binding descriptions are keys here too (see quizapp.screens.base.BaseScreen.active_bindings).
"""

from __future__ import annotations

import string

from engine.text import plural

STRINGS: dict[str, tuple[str, str]] = {
    # (zh, en)
    "app.title": ("quizapp · 深度学习面试练习", "quizapp · deep-learning interview practice"),
    # footer / bindings
    "key.quit": ("退出", "quit"),
    "key.help": ("帮助", "help"),
    "key.lang": ("English", "中文"),
    "key.quiz": ("开始测验", "quiz"),
    "key.mix": ("混合测验", "mixed"),
    "key.review": ("复习", "review"),
    "key.drill": ("反向传播", "backprop"),
    "key.derive": ("推导", "derive"),
    "key.due_drill": ("做到期的练习", "due drill"),
    "key.stats": ("统计", "stats"),
    "key.back": ("返回", "back"),
    "key.start": ("开始", "start"),
    "key.next": ("下一题", "next"),
    "key.variant": ("换一组数", "new variant"),
    "key.worked": ("详细解答", "worked solution"),
    "key.retry": ("重做错题", "retry missed"),
    "key.home": ("主页", "home"),
    "key.submit": ("提交", "submit"),
    "key.reveal": ("显示答案", "reveal"),
    "key.close": ("关闭", "close"),
    "key.palette": ("命令", "commands"),
    # home
    "home.topic": ("主题", "Topic"),
    "home.questions": ("题数", "Questions"),
    "home.mastery": ("掌握度", "Mastery"),
    "home.due": ("待复习", "Due"),
    "home.mix": ("全部主题（混合）", "All topics (mixed)"),
    "home.summary": ("共 {questions} 题 · 已作答 {answers} 次 · 今天待复习 {due} 题",
                     "{questions:p question} · {answers:p answer} so far · {due} due for review"),
    "home.hint": ("↑↓ Enter 开始测验 · m 混合测验 · r 复习到期 · d 反向传播练习 · f 公式推导 · s 统计",
                  "↑↓ Enter: quiz a topic · m mixed · r review due · d backprop drill · f derivations · s stats"),
    "home.drills_due": ("到期的练习：{names}（r 在复习题之后做，d 现在开始）",
                        "Drills due: {names} (r: after the due questions; d: now)"),
    "home.loading": ("正在读取题库…", "Loading the question bank…"),
    "home.no_due": ("现在没有到期的复习题。", "Nothing is due for review right now."),
    "home.no_drill": ("此版本尚未包含反向传播练习。", "The backprop drill is not available in this build yet."),
    "home.empty_bank": ("题库是空的：没有可用的题目。", "The question bank is empty: no questions to ask."),
    # setup
    "setup.title": ("测验设置", "Quiz setup"),
    "setup.topics": ("主题", "Topics"),
    "setup.types": ("题型", "Question types"),
    "setup.count": ("题目数量", "Number of questions"),
    "setup.mode": ("模式", "Mode"),
    "setup.practice": ("练习：每题后反馈", "Practice: feedback after each"),
    "setup.exam": ("考试：限时，最后反馈", "Exam: timed, feedback at the end"),
    "setup.start": ("开始 (s)", "Start (s)"),
    "setup.matching": ("{n} 道题符合条件", "{n} questions match"),
    "setup.none": ("没有符合条件的题目：请至少选择一个主题和一种题型。",
                   "No questions match: choose at least one topic and one type."),
    # types
    "type.choice": ("单选", "single choice"),
    "type.multi": ("多选", "multiple choice"),
    "type.truefalse": ("判断", "true / false"),
    "type.numeric": ("数值", "numeric"),
    "type.symbolic": ("公式", "formula"),
    "type.open": ("问答", "open question"),
    "type.generated": ("计算题（随机生成）", "generated exercise"),
    # question screen
    "q.header": ("第 {pos}/{total} 题", "Question {pos}/{total}"),
    "q.score": ("得分 {score}/{answered}", "score {score}/{answered}"),
    "q.answered": ("已答 {answered} 题", "{answered} answered"),
    "q.time_left": ("剩余 {time}", "{time} left"),
    "q.practice": ("练习", "practice"),
    "q.exam": ("考试", "exam"),
    "q.review": ("复习", "review"),
    "q.difficulty": ("难度 {d}", "difficulty {d}"),
    "q.choice_hint": ("按 1-{n} 或 A-{letter} 选择，↑↓ 移动，Enter 提交",
                      "Press 1-{n} or A-{letter} to choose, ↑↓ to move, Enter to submit"),
    "q.multi_hint": ("按 1-{n} 或 A-{letter} 勾选/取消（可多选），空格勾选当前项，Enter 提交",
                     "Press 1-{n} or A-{letter} to tick or untick (several may be right), space ticks the highlighted one, Enter submits"),
    "q.tf_hint": ("T / 1 = 正确，F / 2 = 错误，Enter 提交", "T / 1 = true, F / 2 = false, Enter to submit"),
    "q.true": ("正确", "True"),
    "q.false": ("错误", "False"),
    "q.numeric_hint": ("输入数字（可写算式，如 1/(1+e^-0.5)），Enter 下一格 / 提交；Tab 切换格子；Ctrl+U 清空当前格",
                       "Type a number (arithmetic is fine, e.g. 1/(1+e^-0.5)); Enter moves on / submits; Tab between cells; Ctrl+U clears a cell"),
    "q.symbolic_hint": ("输入公式（写法如 3x^2 - exp(-x)、tanh(x)/2、x > 0 ? a : b）；下方实时显示系统的理解，Enter 提交",
                        "Type a formula (written like 3x^2 - exp(-x), tanh(x)/2, x > 0 ? a : b); the line below shows how it is read; Enter submits"),
    "q.cell_placeholder": ("在此输入", "type here"),
    "q.reads_as": ("理解为：", "Read as: "),
    "key.palette": ("命令", "palette"),          # 命令面板 would push the zh home footer past 80 columns
    "q.form": ("要求形式：{form}", "Expected form: {form}"),
    "q.variables": ("变量：{vars}", "Variables: {vars}"),
    "q.open_hint": ("先自己想好（或说出来）答案，然后按空格或 Enter 查看参考答案",
                    "Think your answer through (say it out loud), then press space or Enter to see the model answer"),
    "q.model_answer": ("参考答案", "Model answer"),
    "q.key_points": ("要点", "Key points"),
    "q.rate": ("你答得怎么样？ 1 忘了  2 困难  3 良好  4 简单", "How did you do?  1 Again  2 Hard  3 Good  4 Easy"),
    "rating.1": ("忘了", "Again"),
    "rating.2": ("困难", "Hard"),
    "rating.3": ("良好", "Good"),
    "rating.4": ("简单", "Easy"),
    "q.grading": ("正在判分…", "Checking…"),
    "q.given": ("已知", "Given"),
    "q.compute": ("请计算：", "Compute:"),
    "q.generated_hint": ("每个格子填一个数（可写算式）；Enter 跳到下一格，最后一格 Enter 提交；Ctrl+U 清空当前格",
                         "One number per cell (arithmetic is fine); Enter moves to the next cell, Enter on the last submits; Ctrl+U clears a cell"),
    "q.choose_one": ("请至少勾选一项。", "Tick at least one option."),
    "q.grading_failed": ("判分出错：{error}。请重新提交。", "Could not check the answer: {error}. Please submit again."),
    "q.leave": ("已离开测验；{saved}", "Left the quiz; {saved}"),
    "saved.all": ("已作答的题目已保存。", "the answers given so far are saved."),
    "saved.waiting": ("有 {n} 条记录暂存在内存中，数据库可写后自动写入。",
                      "answers kept in memory: {n}; they go to the database as soon as it accepts them."),
    "q.variant_added": ("新的一组数已加为下一题。", "A new variant was added as the next question."),
    "q.time_up": ("时间到！", "Time is up!"),
    # feedback
    "fb.correct": ("✓ 正确", "✓ Correct"),
    "fb.incorrect": ("✗ 不正确", "✗ Incorrect"),
    "fb.invalid": ("⚠ 无法读取你的答案", "⚠ Your answer could not be read"),
    "fb.rated": ("已记录自评：{rating}", "Self-rating recorded: {rating}"),
    "fb.answer": ("正确答案", "The right answer"),
    "fb.explanation": ("解析", "Explanation"),
    "fb.source": ("出处", "Source"),
    "fb.your_answer": ("你的答案", "Your answer"),
    "fb.self_rating": ("自评", "Your rating"),
    "fb.counterexample": ("反例：在 {point} 处，你的答案 = {got}，正确值 = {expected}",
                          "Counterexample: at {point} your answer gives {got}, the right one {expected}"),
    "fb.wrong_entries": ("标 ✗ 的元素有误", "Entries marked ✗ are wrong"),
    "fb.next_review": ("下次复习：{when}", "Next review: {when}"),
    "fb.next_review_step": ("下次复习：{minutes} 分钟后（学习步骤；之后间隔以天计）",
                            "Next review: in {minutes} min (a learning step; then days)"),
    "fb.keys": ("Enter/n 下一题", "Enter/n next"),
    "fb.keys_generated": ("Enter/n 下一题 · v 换一组数 · w 详细解答", "Enter/n next · v new variant · w worked solution"),
    "fb.retype": ("请修改后重新提交。", "Fix it and submit again."),
    # worked solution
    "ws.title": ("详细解答", "Worked solution"),
    # results
    "res.title": ("测验结果", "Results"),
    "res.score": ("答对 {correct}/{answered}（已答题的 {percent:.0f}%）", "{correct} of {answered} answered right ({percent:.0f}%)"),
    "res.not_reached": ("· {n} 题未作答（不计为答错）", "· {n} not answered (not counted as wrong)"),
    "res.topic_unanswered": ("{n} 题未答", "{n} not answered"),
    "res.review": ("逐题回顾", "Review of every question"),
    "res.time": ("用时 {time}", "Time {time}"),
    "res.per_topic": ("各主题", "Per topic"),
    "res.missed": ("答错或未答的题", "Missed questions"),
    "res.none_missed": ("全部答对！", "Nothing missed!"),
    "res.unanswered": ("（未作答）", "(not answered)"),
    "res.keys": ("r 重做错题 · Enter/Esc 回到主页", "r retry the missed ones · Enter/Esc back home"),
    "res.drills_due": ("练习也到期了：{names}。按 d 现在开始。",
                       "Drills due too: {names}. Press d to start now."),
    "review.drills_after": ("做完这些题后还有到期的练习：{names}（结果页按 d）。",
                            "After these questions, drills are due too: {names} (d on the results)."),
    "res.no_missed": ("没有错题可重做。", "There is nothing to retry."),
    # stats
    "st.title": ("统计", "Statistics"),
    "st.per_day": ("最近 {days} 天每天作答数", "Answers per day, last {days} days"),
    "st.accuracy_day": ("最近 7 天每天的正确率", "Accuracy per day, last 7 days"),
    "st.no_answers": ("没有作答", "no answers"),
    "st.drills": ("另有 {n} 次练习（按步骤计分，不计入这个正确率）", "{n:p drill} besides (scored by step, not in this figure)"),
    "st.due_now": ("现在到期 {now} · 今天稍后 {later}", "due now: {now} · later today: {later}"),
    "st.learning_steps": ("新卡片先按学习步骤在几分钟后再问一次，答对后间隔才以天计。",
                          "New cards come back after a few minutes (FSRS learning steps) before their intervals grow to days."),
    "st.per_topic": ("各主题正确率", "Accuracy per topic"),
    "st.weakest": ("最薄弱的标签", "Weakest tags"),
    "st.upcoming": ("接下来 7 天的复习", "Reviews in the next 7 days"),
    "st.none": ("还没有作答记录。先做一次测验吧！", "No answers yet. Take a quiz first!"),
    "st.total": ("共作答 {n} 次，正确率 {acc:.0f}%", "{n:p answer} to bank questions, {acc:.0f}% right"),
    "st.today": ("今天", "today"),
    "st.answers_short": ("{correct}/{n} 正确", "{correct}/{n} right"),
    # help
    "help.title": ("帮助：所有按键", "Help: every key"),
    "help.everywhere": ("任何界面", "Everywhere"),
    "help.home": ("主页", "Home"),
    "help.setup": ("测验设置", "Quiz setup"),
    "help.question": ("答题", "Answering"),
    "help.feedback": ("反馈", "Feedback"),
    "help.results": ("结果", "Results"),
    "help.data": ("进度保存在：{path}", "Progress is kept in: {path}"),
    # misc
    "bank.problems": ("题库中有 {n} 个问题（相关题目已跳过）：", "The question bank has {n:p problem} (those questions were skipped):"),
    "too_small": ("终端窗口太小（{w}×{h}）。quizapp 至少需要 80×24，请放大窗口。按 Ctrl+Q 退出。",
                  "The terminal is too small ({w}×{h}). quizapp needs at least 80×24; please enlarge the window. Ctrl+Q quits."),
    "lang.switched": ("已切换到中文", "Switched to English"),
    "cmd.quiz": ("开始测验", "Start a quiz"),
    "cmd.quiz_help": ("选择主题、题型、数量和模式", "Choose topics, types, number and mode"),
    "cmd.review": ("复习到期的题目", "Review due questions"),
    "cmd.review_help": ("按 FSRS 安排的到期复习", "The questions FSRS has scheduled for now"),
    "cmd.drill": ("反向传播手算练习", "Backprop drill"),
    "cmd.drill_help": ("一步步手算前向、反向传播", "Forward and backward pass by hand, step by step"),
    "cmd.derive": ("公式推导练习", "Derivation drill"),
    "cmd.derive_help": ("按笔记顺序推导公式（quizapp drill derive）",
                        "The notes' derivations as formula questions, in order (quizapp drill derive)"),
    "cmd.stats": ("统计", "Statistics"),
    "cmd.stats_help": ("每天作答、各主题正确率、薄弱标签、即将复习", "Answers per day, accuracy per topic, weakest tags, upcoming reviews"),
    "cmd.help": ("帮助", "Help"),
    "cmd.help_help": ("所有按键", "Every key"),
    "cmd.lang": ("切换语言（中文/English）", "Switch language (中文/English)"),
    "cmd.lang_help": ("界面和题目语言", "Interface and question language"),
    "cmd.home": ("回到主页", "Home"),
    "cmd.home_help": ("主题列表", "The topic list"),
}


class _Formatter(string.Formatter):
    """str.format plus counts with their noun: ``{n:p answer}`` gives "1 answer" / "3 answers"."""

    def format_field(self, value: object, format_spec: str) -> str:
        if format_spec.startswith("p "):
            return plural(int(value), format_spec[2:])      # type: ignore[arg-type]
        return super().format_field(value, format_spec)


_FORMAT = _Formatter()


def t(key: str, lang: str, **values: object) -> str:
    """The string ``key`` in ``lang`` (zh or en), formatted with ``values``; the key itself if unknown."""
    pair = STRINGS.get(key)
    if pair is None:
        return key
    text = pair[0] if lang == "zh" else pair[1]
    return _FORMAT.format(text, **values) if values else text
