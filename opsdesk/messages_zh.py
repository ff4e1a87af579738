"""Simplified Chinese for the messages of the Qt-free code (opsdesk.i18n.t).

tests/test_messages.py fails on a message without its translation here."""

ZH: dict[str, str] = {
    # inspection paper and verify (opsdesk.ops.verify, cli inspection pdf / verify)
    "No {kind} {period} has been started for this site.": "该机房尚未开始 {period} 的{kind}。",
    "This sheet has no signed revision {n}.": "该巡检表没有已签字的第 {n} 版。",
    "blank form": "空白表",
    "signed": "已签字",
    "draft, not signed": "草稿，未签字",
    "Inspection sheet ({what}) written to {path}": "巡检表（{what}）已写入 {path}",
    "No file {path}.": "没有文件 {path}。",
    "Unknown: {path} is not a readable PDF.": "无法核验：{path} 不是可读取的 PDF 文件。",
    "Unknown: no verification code found on the pages.": "无法核验：页面上没有找到核验码。",
    "Unknown: no signed record has the verification code {code}.": "无法核验：没有核验码为 {code} 的签字记录。",
    "Unknown.": "无法核验。",
    "Matches the stored record: {title}, revision {n} (code {code}).":
        "与存档记录一致：{title}，第 {n} 版（核验码 {code}）。",
    "Does not match: the stored revision {n} fails its own hash check.": "不一致：存档的第 {n} 版未通过自身哈希校验。",
    "Does not match the stored record: {title}, revision {n} (code {code}).":
        "与存档记录不一致：{title}，第 {n} 版（核验码 {code}）。",
    "Reason for this revision: {reason}": "本版更正原因：{reason}",
    "Signed as {meaning}: {name}, {time}": "{meaning}：{name}，{time} 签字",
    "Signed hash: {hash}": "签字哈希：{hash}",
    "Page count: stored {expected}, file {found}": "页数：存档 {expected}，文件 {found}",
    "Page {page}: stored “{expected}”, file “{found}”": "第 {page} 页：存档为“{expected}”，文件为“{found}”",
    "covered or drawn over at {left}–{right} mm from the left edge, {top}–{bottom} mm from the top":
        "距左边 {left}–{right} mm、距上边 {top}–{bottom} mm 处被遮盖或改画",
    "the page as signed": "签字时的页面",
    # signed papers kept at signing (opsdesk.ops.papers)
    "This paper: {drawing}": "本纸质记录：{drawing}",
    "drawing {n} of OpsDesk {release} ({where})": "OpsDesk {release} 第 {n} 版版式（{where}）",
    "kept when signed": "与签字时存档的页面一致",
    "drawn again now": "由本版本按该版式重新生成后比对一致",
    "This copy was printed before the later signatures ({later}); print the sheet again for a copy that carries them.":
        "本份打印于后续签字（{later}）之前；如需带全部签字的纸质记录，请重新导出打印。",
    "The file's pages cannot be drawn: {error}": "文件的页面无法绘制：{error}",
    # inspections (opsdesk.ops.inspection, cli inspection due)
    "Unknown inspection kind '{kind}'.": "未知的巡检类型“{kind}”。",
    "No inspection sheet {id}.": "没有巡检表 {id}。",
    "No {kind} is scheduled for {period}.": "{period} 没有安排{kind}。",
    "No site {id}.": "没有站点 {id}。",
    "{title} of {site} opened": "{site}{title}已开始",
    "Monitor reading outside the expected range": "监控读数超出正常范围",
    "{n} values filled in from the monitor": "从监控填入 {n} 项读数",
    "The sheet is signed and locked: a correction is a new revision with a reason.":
        "巡检表已签字锁定：更正须说明原因，形成新版本。",
    "No inspection item {id}.": "没有巡检项 {id}。",
    "Unknown result '{result}'.": "未知的检查结果“{result}”。",
    "{label}: enter a number.": "{label}：请填写数字。",
    "{label}: {value} is outside the expected range {range}; a note is required.":
        "{label}：{value} 超出正常范围 {range}，须填写说明。",
    "{label}: an abnormal item needs a note.": "{label}：异常项须填写说明。",
    "{label}: say why the item does not apply.": "{label}：请说明不适用的原因。",
    "Findings and advice": "巡检发现及处理建议",
    "The sheet is signed already.": "巡检表已签字。",
    "{n} items are not filled in yet.": "还有 {n} 项未填写。",
    "The sheet is reviewed already.": "巡检表已审核。",
    "The inspector signs first.": "须巡检人先签字。",
    "The reviewer must be another person than the inspector.": "审核人不能与巡检人为同一人。",
    "The sheet is not signed: change it directly.": "巡检表尚未签字，可直接修改。",
    "Done": "已完成",
    "Due": "待巡检",
    "Overdue": "已逾期",
    "In progress": "进行中",
    "{n} values entered": "填写 {n} 项",
    "'{value}' is not a month like 2026-11": "“{value}”不是月份（例如 2026-11）",
    "Inspections {year}-{month:02d}": "{year}-{month:02d} 巡检安排",
    "Nothing is due.": "没有到期的巡检。",
    "Due date": "到期日",
    "Inspection": "巡检",
    "Period": "周期",
    "State": "状态",
    "provisional": "暂定",
    "{done} done, {review} awaiting review, {in_progress} in progress, {due} due, {overdue} overdue":
        "已完成 {done} 项，待审核 {review} 项，进行中 {in_progress} 项，待巡检 {due} 项，已逾期 {overdue} 项",
    # the floor plan (opsdesk.ops.floor)
    "The room was deleted in the meantime.": "该机房已被删除。",
    "The rack was deleted in the meantime.": "该机柜已被删除。",
    "{load} % load": "{load} % 负载",
    "{n} in alarm": "{n} 台告警",
    "{what} would stand outside the room ({cols} × {rows} tiles).": "{what}会超出机房范围（{cols} × {rows} 块地板）。",
    "Rack {name}": "机柜 {name}",
    "A rack turns in quarter turns (0, 90, 180, 270).": "机柜只能按 90° 旋转（0、90、180、270）。",
    "A rack needs a name of 1 to 40 characters.": "机柜名称须为 1 至 40 个字符。",
    "Rack {name} exists in this room already.": "本机房已有机柜 {name}。",
    "A rack is 1 to 60 U high.": "机柜高度须为 1 至 60 U。",
    "{tag} is mounted in a rack; it moves with its rack.": "{tag} 安装在机柜内，随机柜一起移动。",
    "{tag} belongs to another site.": "{tag} 属于其他站点。",
    "Rack {name} still holds {n} devices ({tags}): move them to another rack in the register first.":
        "机柜 {name} 内还有 {n} 台设备（{tags}）：请先在设备台账中把它们移到其他机柜。",
    # values and fields
    "'{value}' is not a date like 2026-11-22": "“{value}”不是日期（例如 2026-11-22）",
    "'{value}' is not a month like 2018.04, 2018-04 or 2018年4月":
        "“{value}”不是年月（例如 2018.04、2018-04 或 2018年4月）",
    "'{value}' is not a number": "“{value}”不是数字",
    "'{value}' is not a whole number": "“{value}”不是整数",
    "'{value}' is not an IP address or host name": "“{value}”不是 IP 地址或主机名",
    "'{value}' is not one of: {choices}": "“{value}”不在可选值内：{choices}",
    "A U position needs a rack": "填写 U 位时必须填写机柜",
    "A password needs at least {n} characters.": "密码至少需要 {n} 个字符。",
    "A rack needs a room": "填写机柜时必须填写机房",
    "A stored secret cannot be read with the key file {path}.": "无法用密钥文件 {path} 解开已保存的密码。",
    "A user name is 2–64 letters, digits, '.', '_' or '-'.": "用户名为 2–64 个字母、数字或 “.”、“_”、“-”。",
    "User name": "用户名",
    "Display name": "显示名",
    "{field} {problem}.": "{field}{problem}。",
    "contains the control character {code} (character {pos}), which cannot be seen and is not allowed here; delete it "
    "and try again":
        "含有控制字符 {code}（第 {pos} 个字符），该字符看不见，此处不允许；请删除后重试",
    "SNMPv3 needs a user name": "SNMPv3 需要填写用户名",
    "Privacy (encryption) needs an authentication protocol too": "启用加密时也必须选择认证协议",
    "longer than {n} characters": "超过 {n} 个字符",
    "must be between {lo} and {hi}": "应在 {lo} 到 {hi} 之间",
    "unknown category '{value}' (one of: {choices})": "未知类别“{value}”（可选：{choices}）",
    "{field} is required": "{field}为必填项",
    # table headers and words
    "Action": "操作",
    "Category": "类别",
    "Date": "日期",
    "Disabled": "已停用",
    "Meaning": "说明",
    "Name": "姓名",
    "Name / model": "名称型号",
    "No.": "序号",
    "Note": "备注",
    "Purchased": "购置年月",
    "Quantity": "数量",
    "Role": "角色",
    "Setting": "设置项",
    "Site": "站点",
    "Summary": "摘要",
    "Time": "时间",
    "User": "用户",
    "Value": "值",
    "Warranty (years)": "保修年限",
    "Warranty ends": "保修截止",
    "Warranty status": "保修状态",
    "Weekday": "星期",
    "Working day": "工作日",
    "Mon Tue Wed Thu Fri Sat Sun": "一 二 三 四 五 六 日",
    "yes": "是",
    "no": "否",
    "Unknown": "未知",
    "In warranty": "保内",
    "Warranty ending soon": "即将过保",
    "Out of warranty": "过保",
    "Adjusted working day": "调休上班",
    "Holiday": "休息日",
    # roles
    "Duty engineer": "值班运维人员",
    "Supervisor": "审核人",
    "Administrator": "管理员",
    # login and users
    "This account is disabled. Ask an administrator.": "该账户已停用，请联系管理员。",
    "{n} wrong passwords: locked for {m} minutes": "连续 {n} 次密码错误：锁定 {m} 分钟",
    "{user} may not do this ({perm}).": "用户 {user} 无权执行此操作（{perm}）。",
    "Not allowed: {reason}": "不允许：{reason}",
    "The current password is wrong.": "当前密码不正确。",
    "The user {name} exists already.": "用户 {name} 已存在。",
    "No user named {name}.": "没有名为 {name} 的用户。",
    "Unknown role: {role}": "未知角色：{role}",
    "User {name} added": "已添加用户 {name}",
    "User {name} disabled": "已停用用户 {name}",
    "User {name} enabled": "已启用用户 {name}",
    "Password of {name} changed": "已修改用户 {name} 的密码",
    "Role of {name} changed": "已修改用户 {name} 的角色",
    "Log in with --user NAME (or OPSDESK_USER).": "请用 --user 用户名（或环境变量 OPSDESK_USER）登录。",
    "No password: set OPSDESK_PASSWORD or run from a terminal.":
        "没有密码：请设置 OPSDESK_PASSWORD，或在终端中运行以便输入。",
    "No new password: set OPSDESK_NEW_PASSWORD or run from a terminal.":
        "没有新密码：请设置 OPSDESK_NEW_PASSWORD，或在终端中运行以便输入。",
    "Password for {user}: ": "{user} 的密码：",
    "New password for {user}: ": "{user} 的新密码：",
    "Repeat the new password: ": "再次输入新密码：",
    "The two passwords differ.": "两次输入的密码不一致。",
    "First administrator's user name: ": "首位管理员的用户名：",
    "Name the first administrator with --admin NAME.": "请用 --admin 用户名 指定首位管理员。",
    # database
    "Demo database ready: {url}": "演示数据库已就绪：{url}",
    "Site {site} created in {url}; administrator {user}.": "已在 {url} 创建站点 {site}；管理员 {user}。",
    "This database holds a site already: {url}": "该数据库已有站点：{url}",
    "This database was written by a newer OpsDesk (schema {rev}). Install the newer version; this one will not touch "
    "it.":
        "该数据库由更新版本的 OpsDesk 写入（结构版本 {rev}）。请安装新版本；本版本不会改动它。",
    "This file is not an OpsDesk database: {url}": "该文件不是 OpsDesk 数据库：{url}",
    "The upgrade left broken references; nothing was changed.": "升级后存在失效的引用，已撤销，未做任何更改。",
    "Someone else changed this record in the meantime. Reload it and try again.":
        "该记录已被他人修改，请重新加载后再试。",
    "The register line was deleted in the meantime.": "该台账行已被删除。",
    "The unit was deleted in the meantime.": "该设备已被删除。",
    "The line has {n} units; remove units one by one (a supervisor's right) to lower the quantity.":
        "该台账行有 {n} 台设备；减少数量须逐台删除设备（审核人权限）。",
    "No site named '{name}'.": "没有名为“{name}”的站点。",
    # register import / export
    "Line {line}, column {column}: {message}": "第 {line} 行，“{column}”列：{message}",
    "Nothing was imported. Please correct the file:": "未导入任何数据。请修改文件后重试：",
    "… and {n} more": "……另有 {n} 处错误",
    "the file is neither UTF-8 nor GBK text": "文件既不是 UTF-8 也不是 GBK 编码的文本",
    "the file is empty": "文件为空",
    "this column is missing": "缺少此列",
    "more cells than the header has columns": "单元格数多于表头列数",
    "no. {n}": "第 {n}",
    "Tab": "制表符",
    "the file cannot be read as CSV from here on: {error}": "从此处起无法按 CSV 读取文件：{error}",
    "unclosed quote: the quote that opens this cell is never closed, so everything after it up to the end of the file "
    "(line {end}) would become this one cell. Add the closing quote; inside a cell write a quote as two (\"\").":
        "引号未闭合：此单元格开头的引号一直没有结束，其后直到文件末尾（第 {end} 行）的所有内容都会被并入这一个单元格。"
        "请补上结尾的引号；单元格内的引号要写成两个（\"\"）。",
    "the quoted cell ends on line {end} with other characters right after its closing quote; a closing quote must be "
    "followed by '{delimiter}' or the end of the line. Check that the quotes come in pairs; inside a cell write a "
    "quote as two (\"\").":
        "从此处开始的带引号单元格在第 {end} 行结束，但结尾引号后面紧跟着其他字符；"
        "结尾引号之后只能是“{delimiter}”或换行。请检查引号是否成对；单元格内的引号要写成两个（\"\"）。",
    "this cell is longer than {limit} characters, the most a cell may hold (the limit is passed on line {end}). "
    "Shorten it; if it was not meant to be this long, check the quotes before it.":
        "此单元格超过 {limit} 个字符（单元格最多能容纳的字符数，在第 {end} 行处超出）。请缩短内容；"
        "如果它本不该这么长，请检查它前面的引号是否成对。",
    "a line break (CR) inside a cell that is not in quotes; put the cell in quotes or remove the line break.":
        "未加引号的单元格内有换行符（CR）；请给该单元格加上引号，或删除换行符。",
    "the quoted cell starting here runs to line {end} and holds what look like whole rows (from line {row}); its "
    "closing quote is probably missing. Put the closing quote where the cell should end.":
        "从此处开始的带引号单元格一直延续到第 {end} 行，其中包含看起来是完整数据行的内容（从第 {row} 行起），"
        "很可能漏了结尾的引号。请在该单元格应结束的位置补上引号。",
    "asset tag {tag} already on line {line}": "资产编号 {tag} 已在第 {line} 行出现",
    "no site named '{name}'": "没有名为“{name}”的站点",
    "only an administrator may set SNMP secrets": "只有管理员可以设置 SNMP 密码",
    "{rows} rows read: {added} added, {updated} updated, {unchanged} unchanged.":
        "共读取 {rows} 行：新增 {added}，更新 {updated}，未变 {unchanged}。",
    "CSV import {name}": "CSV 导入 {name}",
    "Cannot read {path}: {error}": "无法读取 {path}：{error}",
    "Cannot write {path}: {error}": "无法写入 {path}：{error}",
    "{n} units written to {path}": "已将 {n} 台设备写入 {path}",
    "{lines} lines, {units} units, warranty as of {date}.": "共 {lines} 行、{units} 台；保修状态截至 {date}。",
    # audit
    "Audit trail intact: {n} entries, chain verified.": "审计日志完整：共 {n} 条，哈希链校验通过。",
    "Audit trail broken at entry {id}: {reason}": "审计日志在第 {id} 条处被破坏：{reason}",
    "content altered": "内容被篡改",
    "entry {first} removed": "第 {first} 条记录被删除",
    "entries {first}–{last} removed": "第 {first}–{last} 条记录被删除",
    "entry inserted out of order": "有记录被插入，编号次序不符",
    "link to the previous entry does not match (an entry was inserted, removed or moved here)":
        "与上一条记录的链接不符（此处有记录被插入、删除或调换）",
    "entry without authentication after authenticated ones: written outside OpsDesk":
        "在已认证的记录之后出现未经认证的记录：不是 OpsDesk 写入的",
    "not written by OpsDesk with this database's key: altered and re-hashed, or inserted":
        "不是 OpsDesk 用本数据库的密钥写入的：被改动后重算了哈希，或是被插入的",
    "entry {first} is missing: the chain had reached it when {source} was written":
        "第 {first} 条记录缺失：写入{source}时日志已记到这一条",
    "entries {first}–{last} are missing: the chain had reached entry {last} when {source} was written":
        "第 {first}–{last} 条记录缺失：写入{source}时日志已记到第 {last} 条",
    "the latest backup": "最近一次备份",
    "differs from the entry recorded in {source}": "与{source}中记录的这一条不一致",
    "Audit trail broken: {reason}": "审计日志被破坏：{reason}",
    "The users table was changed outside OpsDesk: {change}": "用户表在 OpsDesk 之外被改动：{change}",
    "Audit trail: {n} entries, the hash chain holds, but its authentication cannot be checked: {problem}":
        "审计日志：共 {n} 条，哈希链完整，但无法核验其认证：{problem}",
    "The clock was set back at entry {id}: {at} is earlier than {newest}":
        "第 {id} 条记录处系统时钟被拨回：{at} 早于 {newest}",
    "The clock was set back: {at} is earlier than the previous entry's {previous}":
        "系统时钟被拨回：{at} 早于上一条记录的时间 {previous}",
    "Users table updated (password hashes renewed)": "用户表已更新（密码哈希已更新）",
    "The audit trail cannot be written: this session has no key file (open the database through Store).":
        "无法写入审计日志：此会话没有密钥文件（请通过 Store 打开数据库）。",
    "user {name} was added": "添加了用户 {name}",
    "user {name} was removed": "删除了用户 {name}",
    "role of {name} changed from {old} to {new}": "{name} 的角色由「{old}」改为「{new}」",
    "{name} was enabled": "{name} 被启用",
    "{name} was disabled": "{name} 被停用",
    "password of {name} replaced by that of {other}": "{name} 的密码被换成了 {other} 的密码",
    "password hash of {name} changed": "{name} 的密码哈希被改动",
    "users table altered": "用户表被改动",
    "the backup manifest {name} was altered (its chain head is not the one OpsDesk wrote)":
        "备份清单 {name} 被改动（其中的链头不是 OpsDesk 写入的）",
    "the backup {name}": "备份 {name} ",
    "The chain's head file {name} is missing: entries cut from the end can only be found by comparing with a backup.":
        "链头文件 {name} 不见了：末尾的记录是否被删去，只能与备份比对才能发现。",
    "the chain's head file {name} is damaged": "链头文件 {name} 已损坏",
    "the chain's head file {name} was altered": "链头文件 {name} 被改动",
    "the chain's head file {name}": "链头文件 {name} ",
    "the audit trail's table is gone (dropped in the file)": "审计日志表不见了（在数据库文件中被删除）",
    "the audit trail's table cannot be read: {error}": "审计日志表无法读取：{error}",
    "A restore needs the user name and password of an administrator who is enabled in the backup being restored "
    "({name}). Nothing was changed.":
        "恢复需要在所恢复的备份（{name}）中处于启用状态的一位管理员的用户名和密码。未做任何改动。",
    "The key file in place ({here}) is not the key of the backup {name} ({wanted}): its device secrets and its audit "
    "trail need that key. Put the key file of that time back first. Nothing was changed.":
        "现有的密钥文件（{here}）不是备份 {name} 的密钥（{wanted}）：该备份中的设备密钥和审计日志都需要那把密钥。"
        "请先放回当时的密钥文件。未做任何改动。",
    # backup
    "Backup written and checked: {path}": "备份已写入并校验通过：{path}",
    "Backup {name}": "备份 {name}",
    "Copy: {path}": "副本：{path}",
    "Backups of a shared server database are made by the server (pg_dump), not by OpsDesk.":
        "共享服务器数据库的备份由服务器（pg_dump）完成，而不是 OpsDesk。",
    "The backup could not be written to {folder}: {error}": "无法将备份写入 {folder}：{error}",
    "The backup {path} failed its integrity check: {result}": "备份 {path} 完整性检查失败：{result}",
    "The backup {path} is good, but the copy to {folder} failed: {error}":
        "备份 {path} 正常，但复制到 {folder} 失败：{error}",
    "{path} is not a readable OpsDesk database: {error}": "{path} 不是可读取的 OpsDesk 数据库：{error}",
    "No backup file at {path}": "{path} 处没有备份文件",
    "Restore of a shared server database is done on the server.": "共享服务器数据库的恢复须在服务器上进行。",
    "Restored from {name}": "已从 {name} 恢复",
    "The database as it was before is kept at {path}": "恢复前的数据库已保留在 {path}",
    # calendar
    "Line {line}: '{value}' is not a date like 2027-10-01.": "第 {line} 行：“{value}”不是日期（例如 2027-10-01）。",
    "Line {line}: kind '{value}' must be 休 (holiday) or 班 (working day).":
        "第 {line} 行：类型“{value}”应为 休（放假）或 班（调休上班）。",
    "Line {line}: {day} appears twice.": "第 {line} 行：{day} 重复出现。",
    "The file holds no days.": "文件中没有任何日期。",
    "The file is neither UTF-8 nor GBK text.": "文件既不是 UTF-8 也不是 GBK 编码的文本。",
    "{n} days imported.": "已导入 {n} 天。",
    "{year}: the official notice is not in the calendar yet; dates are computed from the statutory holidays "
    "(provisional).":
        "{year} 年：日历中尚无国务院正式通知；日期按法定节假日推算（暂定）。",
    # settings
    "Unknown setting: {key}": "未知设置项：{key}",
    "{key}: not a valid value: {value}": "{key}：无效的值：{value}",
    "{key}: must be between {lo} and {hi}": "{key}：应在 {lo} 到 {hi} 之间",
    "Lowest room temperature (℃)": "机房温度下限（℃）",
    "Highest room temperature (℃)": "机房温度上限（℃）",
    "Lowest relative humidity (%RH)": "相对湿度下限（%RH）",
    "Highest relative humidity (%RH)": "相对湿度上限（%RH）",
    "Days raw readings are kept": "原始读数保留天数",
    "Days 5-minute and hourly roll-ups are kept": "5 分钟及小时汇总数据保留天数",
    "People on duty each working day (5×8)": "每个工作日在岗人数（5×8）",
    "People per shift in emergency mode (7×24)": "应急模式每班人数（7×24）",
    "Days before warranty end shown as 即将过保": "保修截止前多少天显示为“即将过保”",
    "Backups kept (rotation)": "保留的备份份数（轮换）",
    "Second backup folder (another disk or a share)": "第二备份目录（另一块磁盘或共享目录）",
    "Wrong passwords before an account locks": "账户锁定前允许的密码错误次数",
    "Minutes an account stays locked": "账户锁定时长（分钟）",
    "Failed polls before a device counts as unreachable": "连续多少次轮询失败判定为不可达",
    "Seconds a limit must be crossed before an alarm": "越限持续多少秒后告警",
    "Temperature hysteresis (℃)": "温度回差（℃）",
    "Humidity hysteresis (%RH)": "湿度回差（%RH）",
    "Degrees beyond a limit that make a temperature alarm critical (℃)": "温度超限多少度升级为严重告警（℃）",
    "Points beyond a limit that make a humidity alarm critical (%RH)": "湿度超限多少升级为严重告警（%RH）",
    "SNMP timeout per request (s)": "SNMP 单次请求超时（秒）",
    "SNMP retries": "SNMP 重试次数",
    "Days ahead that due inspections are announced on the main screen": "巡检到期前多少天在主界面提示",
    "Sound a tone for a new critical alarm until it is acknowledged or muted": "新的严重告警响铃提示，直至确认或静音",
    "Seconds between repeats of the alarm tone": "告警铃声重复间隔（秒）",
    "Inspections are tracked from this date (e.g. the contract's start); earlier ones are not shown as overdue":
        "巡检自此日期起计（如合同起始日）；此前的巡检不显示为逾期",
    "Seconds each room is shown in wall mode before the next": "大屏模式下每个机房的显示时长（秒）",
    # monitor and alarms
    " (maintenance window)": "（维护窗口内）",
    "{device} restarted (uptime went back).": "{device} 已重启（运行时间回退）。",
    "{name}: invalid reading ({reason})": "{name}：读数无效（{reason}）",
    # alarms rendered when read (opsdesk.models.alarm_text)
    "{name} {value}, above the upper limit {limit}": "{name} {value}，高于上限 {limit}",
    "{name} {value}, below the lower limit {limit}": "{name} {value}，低于下限 {limit}",
    "{device} does not answer ({reason})": "{device} 无应答（{reason}）",
    "Does not answer ({reason})": "无应答（{reason}）",
    "{device}: no profile reads this device; it answers as {descr}":
        "{device}：无匹配型号，没有型号档案能读取此设备（设备自报：{descr}）",
    "No profile reads this device; it answers as {descr}": "无匹配型号，没有型号档案能读取此设备（设备自报：{descr}）",
    "Restarted (uptime went back).": "已重启（运行时间回退）。",
    "timeout": "超时",
    "authentication failed": "认证失败",
    "malformed answer": "应答报文格式错误",
    # opsdesk profiles (device profiles and their check)
    "Profile": "型号档案",
    "Profile name": "档案名称",
    "Kind": "种类",
    "MIB modules": "MIB 模块",
    "Where": "来源",
    "site": "本站",
    "shipped": "随软件提供",
    # site profiles in the database (opsdesk.ops.site_profiles, cli profile save|history|retire; issue 17)
    "Version": "版本",
    "Saved by": "保存人",
    "Saved at": "保存时间",
    "in use": "使用中",
    "site (database)": "站点（数据库）",
    "replaces the shipped one": "替代随软件提供的",
    "A site adds a device type with opsdesk profile save FILE (kept in the database, versioned; "
    "format: data/profiles/README.md).":
        "本站用 opsdesk profile save 文件 添加设备类型（保存在数据库中，保留各版本；格式见 data/profiles/README.md）。",
    "{path} is not UTF-8 text.": "{path} 不是 UTF-8 文本。",
    "Device profile {id} saved as version {version} (SHA-256 {hash}); the poller reads it from its next cycle.":
        "设备档案 {id} 已保存为第 {version} 版（SHA-256 {hash}）；采集程序下一轮起使用。",
    "Device profile {id} retired; the poller no longer reads it from its next cycle.":
        "设备档案 {id} 已停用；采集程序下一轮起不再使用。",
    "The profile is not valid TOML: {error}": "设备档案不是有效的 TOML：{error}",
    "The profile needs an id: letters, digits, '.', '_' or '-' (at most 100), e.g. id = \"site-ups-extra\".":
        "设备档案需要 id：字母、数字、“.”“_”或“-”（最多 100 个），例如 id = \"site-ups-extra\"。",
    "The profile is not valid: {error}": "设备档案无效：{error}",
    "Device profile {id} saved as version {version}": "设备档案 {id} 已保存为第 {version} 版",
    "No site profile {id} in use.": "没有使用中的站点设备档案 {id}。",
    "Device profile {id} retired (version {version})": "设备档案 {id} 已停用（第 {version} 版）",
    "No site profile {id}.": "没有站点设备档案 {id}。",
    "The profile does not load: {error}": "型号档案无法加载：{error}",
    "MIB modules not found or not compiling: {mods} (put the vendor's module in {dir})":
        "找不到或无法编译的 MIB 模块：{mods}（请把厂商发布的模块放到 {dir}）",
    "{id}: {n} problems": "{id}：{n} 处问题",
    "{id}: follows its MIB modules ({mods})": "{id}：与所引用的 MIB 模块一致（{mods}）",
    # opsdesk profile draft / test (opsdesk.probes.draft, issue 17)
    "Drafted {n} metrics from {mods} ({kind}); written to {path} for review.":
        "已从 {mods} 起草 {n} 个监测项（{kind}），写入 {path}，请审核。",
    "MIB module {module} does not compile ({status}).": "MIB 模块 {module} 无法编译（{status}）。",
    "MIB module {module} imports {missing}, which OpsDesk does not have: give that file with --mib too.":
        "MIB 模块 {module} 引用了 {missing}，OpsDesk 未自带该模块：请用 --mib 一并提供该文件。",
    "MIB module {module} not found (give its file with --mib).": "找不到 MIB 模块 {module}（请用 --mib 提供其文件）。",
    "None of the walk's objects of {modules} says what it measures: nothing to propose.":
        "遍历结果中属于 {modules} 的对象都没有说明测量的是什么：无可建议的监测项。",
    "Not read (the device does not answer these objects):": "未读到（设备未应答以下对象）：",
    "The device did not answer: {error}": "设备无应答：{error}",
    "The walk of {device} failed: {error}": "遍历 {device} 失败：{error}",
    "Tick at least one reading to keep.": "请至少勾选一项要保留的读数。",
    "No profile {id}.": "没有设备档案 {id}。",
    "The walk of {device} took longer than {seconds} s.": "遍历 {device} 超过 {seconds} 秒，已停止。",
    "What the draft reads from the walk now:": "草稿按遍历结果现在读到：",
    "no value: {reason}": "无数值：{reason}",
    "ok": "正常",
    "unknown": "未知",
    "{id} does not match this device (sysObjectID {oid}); read anyway:":
        "{id} 与此设备不匹配（sysObjectID {oid}），仍按其读取：",
    "{n} readings from {m} metrics.": "{m} 个监测项，读到 {n} 个读数。",
    "{path} holds no walk (snmpwalk -On output or an .snmprec file).":
        "{path} 中没有遍历结果（应为 snmpwalk -On 的输出或 .snmprec 文件）。",
    "{path} is not a MIB module (no DEFINITIONS ::= BEGIN).": "{path} 不是 MIB 模块（没有 DEFINITIONS ::= BEGIN）。",
    # invalid readings (opsdesk.probes.reading)
    "Controller": "管理控制器",
    "no row has a value": "没有一行有数值",
    "the agent has no such object ({reason})": "设备没有该对象（{reason}）",
    "{raw}: the agent reports no value (not available)": "{raw}：设备表示无数值（不可用）",
    "no value for {name} ({oid})": "缺少计算所需的 {name}（{oid}）",
    "the agent marks this value invalid ({rule})": "设备标明该值无效（{rule}）",
    "{raw} is outside the range the MIB allows": "{raw} 超出 MIB 规定的取值范围",
    "{value} is below absolute zero": "{value} 低于绝对零度，不是测量值",
    "a negative value ({value}) is not a measurement": "负值（{value}）不是测量值",
    "{value} % is more than 100 %": "{value} % 超过 100 %",
    "a truth value where a number was expected": "应为数值，设备返回了真假值",
    "text where a number was expected: {sent}": "应为数值，设备返回了文字：{sent}",
    # device coverage (opsdesk.monitor.ingest, opsdesk.ops.device_readings)
    "no answer this time ({reason})": "本次无应答（{reason}）",
    "Invalid: {reason}": "无效：{reason}",
    "{n} not normal": "{n} 项异常",
    "all normal": "全部正常",
    "no value": "无数值",
    "average {value}": "平均 {value}",
    "highest {value}": "最高 {value}",
    "total {value}": "合计 {value}",
    "{name} ({n} items)": "{name}（{n} 项）",
    "{n} readings": "{n} 项",
    "{n} without value": "{n} 项无数值",
    "{name}: {state}": "{name}：{state}",
    "Say what was done: a note is required to acknowledge.": "确认告警需要填写说明：写明已采取的措施。",
    "No alarm {id}.": "没有编号为 {id} 的告警。",
    "Alarm {id} was acknowledged by {user} already.": "告警 {id} 已由 {user} 确认。",
    "Say why: a reason is required for a maintenance window.": "请填写维护原因。",
    "A maintenance window lasts between a minute and 7 days.": "维护窗口时长应在 1 分钟到 7 天之间。",
    "No maintenance window {id}.": "没有编号为 {id} 的维护窗口。",
    "No polled device matches '{name}' (it needs a management IP and SNMP settings).":
        "没有匹配“{name}”的被轮询设备（设备需要管理 IP 和 SNMP 设置）。",
    "Device": "设备",
    "Status": "状态",
    "Reading": "读数",
    "{n} devices polled, {ok} answering.": "共轮询 {n} 台设备，{ok} 台有响应。",
    "Alarm {id} acknowledged.": "告警 {id} 已确认。",
    "Raised": "发生时间",
    "Severity": "级别",
    "Alarm": "告警",
    "Acknowledged": "确认",
    "Cleared": "恢复时间",
    "critical": "严重",
    "warning": "警告",
    "not reachable": "网络不可达",
    "the device reported an error": "设备返回错误",
    "wrong SNMP settings in the register": "台账中的 SNMP 设置有误",
    "read failed": "读取失败",
    # shifts, roster, signing
    "All {n} normal": "全部正常（{n} 台）",
    "An abnormal item needs the follow-up that was started.": "异常项须填写已启动的后续处理。",
    "Checklist version {n}": "检查表第 {n} 版",
    "Day shift": "白班",
    "Night shift": "夜班",
    "day shift": "白班",
    "night shift": "夜班",
    "Emergency mode: 7×24 cover with day and night shifts (R-SHIFT-4)":
        "应急模式：7×24 小时值守，含白班和夜班（R-SHIFT-4）",
    "Give a reason for the leave.": "请填写请假事由。",
    "Handover written": "已填写交班记录",
    "Hours after a shift's end before its sign-off counts as late": "班次结束后多少小时内签字不算迟签",
    "Item {n}: a live item names its metrics and how they combine.": "第 {n} 项：实时取值项须写明指标及合并方式。",
    "Item {n}: a title is required.": "第 {n} 项：须填写检查项名称。",
    "Item {n}: a unique key is required.": "第 {n} 项：须有唯一的编号。",
    "Item {n}: unknown value source '{source}'.": "第 {n} 项：未知的取值方式“{source}”。",
    "No checklist item {id}.": "没有编号为 {id} 的检查项。",
    "No leave request {id}.": "没有编号为 {id} 的请假申请。",
    "No shift {id}.": "没有编号为 {id} 的班次。",
    "Overriding a live value needs a reason.": "修改实时取值须填写原因。",
    "Required items are still open: {items}": "以下必检项尚未完成：{items}",
    "Revision {n}: {reason}": "第 {n} 版：{reason}",
    "Roster {year}-{month:02d} filled": "已生成 {year}-{month:02d} 排班",
    "Signed as {meaning} (revision {n})": "以{meaning}身份签字（第 {n} 版）",
    "The incoming engineer must be another person.": "接班人必须是另一位工程师。",
    "The last day of leave is before the first.": "请假结束日期早于开始日期。",
    "The record is signed: a correction needs a reason and new signatures.": "记录已签字：更正须填写原因并重新签字。",
    "The shift is signed already.": "该班次已签字。",
    "The shift is signed and locked: a correction is a new revision with a reason.":
        "该班次已签字锁定：更正将生成新版本，须填写原因。",
    "This leave request was decided already.": "该请假申请已处理。",
    "This revision already has a signature as {meaning}.": "该版本已有{meaning}签字。",
    "Unknown shift '{code}'.": "未知班次“{code}”。",
    "Unknown shift code '{code}'.": "未知班次代码“{code}”。",
    "Unknown status '{status}'.": "未知状态“{status}”。",
    "{day} {shift} started": "{day} {shift}开始",
    "{day}: {shift} has {n} people, needs at least {m}": "{day}：{shift}仅 {n} 人，至少需要 {m} 人",
    "No site yet: start one with opsdesk init --site NAME.": "尚无站点：请用 opsdesk init --site 名称 创建。",
    "none": "无",
    "No {shift} recorded for {site} on {day} (scheduled: {planned}).":
        "{site} {day} 没有{shift}记录（当日排定：{planned}）。",
    "Shift log written to {path}": "值班日志已写入 {path}",
    "on duty: {names}": "值班：{names}",
    "Group": "分组",
    "Item": "检查项",
    "live": "实时",
    "{done}/{total} done; required open: {open}": "已完成 {done}/{total}；必检未完成：{open}",
    "Signed as {meaning}: {name} {time} (revision {n})": "{meaning}签字：{name} {time}（第 {n} 版）",
    "Demo agents answering on 127.0.0.1:{port} for {n} devices (pid {pid}); Ctrl-C stops them.":
        "演示设备的 SNMP 代理已在 127.0.0.1:{port} 应答，共 {n} 台（进程 {pid}）；按 Ctrl-C 停止。",
    # environment trends (opsdesk.ops.trends)
    "Unknown trend range: {key}": "未知的趋势时间范围：{key}",
    "No such measuring point.": "没有这个测点。",
    "Value ({unit})": "数值（{unit}）",
    "Average ({unit})": "平均（{unit}）",
    "Lowest ({unit})": "最低（{unit}）",
    "Highest ({unit})": "最高（{unit}）",
    # -- room limits (R-ENV-1) ------------------------------------------------------------
    "No such room.": "没有这个机房。",
    "Unknown kind of limit: {cls}": "未知的限值类别：{cls}",
    "{what}: the lower limit must be below the upper limit ({low} ≥ {high}).":
        "{what}：下限须低于上限（{low} ≥ {high}）。",
    "Room temperature": "机房温度",
    "Relative humidity": "相对湿度",
    "Room {room}: temperature {temp}, humidity {humidity}": "机房 {room}：温度 {temp}，湿度 {humidity}",
    "Minutes without input before the console locks (0: never)": "无操作多少分钟后锁定控制台（0 为从不锁定）",
    "{band} (this room)": "{band}（本机房）",
    "{band} (site-wide setting)": "{band}（全局设置）",
    "Room not found: {room}": "找不到机房：{room}",
    "Not a band: {value} (write it as 18-28, or default)":
        "不是有效的范围：{value}（写作 18-28，或 default 恢复全局设置）",
    # -- issue 13: the duty day -----------------------------------------------------------
    "These alarms were acknowledged already.": "这些告警已被确认。",
    "No cleared alarm of this device waits for an acknowledgement.": "该设备没有待确认的已恢复告警。",
    "Maintenance by {name} until {time}: {reason}": "{name} 设为维护，至 {time}：{reason}",
    "Maintenance by {name} until {time}": "{name} 设为维护，至 {time}",
    "Acknowledged by {name}": "已确认：{name}",
    "The site was deleted in the meantime.": "该站点已被删除。",
    "Done late": "逾期完成",
    "Awaiting review": "待审核",
    "Cannot write {path}: installing a service needs the administrator (run as root, e.g. with sudo).":
        "无法写入 {path}：安装服务需要系统管理员权限（请用 root 运行，例如 sudo）。",
    "Cannot write {path}: {reason}": "无法写入 {path}：{reason}",
    "The unit was written to {path}, but this system has no systemctl: start `opsdesk poller` with the system's own "
    "service manager.":
        "服务单元已写入 {path}，但本系统没有 systemctl：请用系统自己的服务管理器启动 `opsdesk poller`。",
    "The unit was written to {path}, but {command} failed: {reason}":
        "服务单元已写入 {path}，但 {command} 失败：{reason}",
    "Cannot remove {path}: that needs the administrator (run as root).":
        "无法删除 {path}：需要系统管理员权限（请用 root 运行）。",
    "Service removed: {path}": "服务已删除：{path}",
    "Service installed and started: {path} (systemctl status {name})":
        "服务已安装并启动：{path}（查看状态：systemctl status {name}）",
    "Unit written to {path}; enable it with: systemctl enable --now {name}":
        "服务单元已写入 {path}；启用：systemctl enable --now {name}",
    "Seconds between polls of room environment points, UPSs and leak, smoke and door contacts":
        "机房温湿度、UPS 及漏水/烟雾/门磁的轮询间隔（秒）",
    "Seconds between polls of every other device": "其他设备的轮询间隔（秒）",
    "Environment limits": "环境限值",
    "Monitoring and polling": "监控与轮询",
    "Alarm tone": "告警铃声",
    "Duty and roster": "值班与排班",
    "Inspections": "巡检",
    "Equipment register": "设备台账",
    "Data retention": "数据保留",
    "Backup": "备份",
    "Login and security": "登录与安全",
    "Interface": "界面",
    "Other settings": "其他设置",
    "s": "秒",
    "min": "分钟",
    "h": "小时",
    "days": "天",
    "Write the result first: an item filled in by hand is only Normal with its result.":
        "请先填写检查结果：人工填写的项目须有结果才能标为正常。",
    # -- the key file (issue 14) ------------------------------------------------------------
    "The key file {path} is missing: the devices' SNMP secrets cannot be read and nothing is polled. Restore the key "
    "file from its backup (it is not in the database's backups), or point OPSDESK_KEY_FILE at it.":
        "找不到密钥文件 {path}：设备的 SNMP 团体字和密钥无法解密，所有设备都无法轮询。"
        "请从密钥文件的备份中恢复它（数据库备份里没有密钥），或用 OPSDESK_KEY_FILE 指向它。",
    "The key file {path} cannot be read: {reason}": "无法读取密钥文件 {path}：{reason}",
    "The key file {path} is not a key (damaged, or another file). Restore the key file from its backup.":
        "密钥文件 {path} 不是有效的密钥（已损坏，或是别的文件）。请从备份中恢复密钥文件。",
    "The key file {path} is not this database's key (its fingerprint is {found}, the database's key is {expected}): "
    "the devices' SNMP secrets cannot be read. Restore this database's key file from its backup.":
        "密钥文件 {path} 不是本数据库的密钥（其指纹为 {found}，本数据库的密钥指纹为 {expected}）：设备的 SNMP "
        "密钥无法解密。请从备份中恢复本数据库的密钥文件。",
    "SNMP secret unreadable": "SNMP 密钥无法解密",
    "The key file of the devices' SNMP secrets is {path} (fingerprint {fp}): back it up apart from the database; "
    "without it nothing can be polled.":
        "设备 SNMP 密钥的密钥文件为 {path}（指纹 {fp}）：请与数据库分开备份；没有它，任何设备都无法轮询。",
    # -- the verifier fails closed, one refusal for every wrong login (issue 14) -------------
    "Cannot verify this paper: pdftoppm (poppler-utils) is not installed, so what the pages show cannot be compared "
    "with the signed record, and a value covered without new text would go unnoticed. Its text alone proves nothing. "
    "Ask the administrator to install poppler-utils (apt install poppler-utils), then check the paper again.":
        "无法核验此纸质表：未安装 pdftoppm（poppler-utils），无法比对页面图像与签字存档，"
        "未添加文字而被遮盖的数值不会被发现；仅页面文字相同不能证明纸质表未被改动。请联系管理员安装 "
        "poppler-utils（apt install poppler-utils）后重新核验。",
    "Cannot verify against the stored record: {title}, revision {n} (code {code}).":
        "无法核验：{title}，第 {n} 版（核验码 {code}）。",
    "Wrong user name or password. After several wrong tries the account is locked for a while.":
        "用户名或密码错误；多次输错后账号将被暂时锁定。",
    "Unknown user name": "用户名不存在",
    "Account locked until {time}": "账号锁定中，至 {time} 解锁",
    "Wrong password ({n} in a row; {limit} lock the account)": "密码错误（连续第 {n} 次，满 {limit} 次锁定账号）",
    "Wrong password {n} times in a row: locked until {time}": "连续 {n} 次密码错误：账号锁定至 {time}",
    "Account disabled": "账号已停用",
    # -- restore checks the copy first (issue 14) ---------------------------------------------
    "The backup {name} was made by a newer OpsDesk (schema {rev}); this version cannot open it. Restore it with that "
    "version. Nothing was changed.":
        "备份 {name} 由更新版本的 OpsDesk 生成（数据结构 {rev}），本版本无法打开。请用那个版本恢复。未做任何改动。",
    "it has no manifest ({name}), so nothing proves it is unchanged since it was made":
        "它没有清单（{name}），无法证明它自备份以来未被改动",
    "its manifest {name} cannot be read": "它的清单 {name} 无法读取",
    "its content differs from the SHA-256 its manifest recorded when it was made: it was changed afterwards":
        "其内容与清单记录的 SHA-256 不符：备份之后被改动过",
    "The backup {name} is not restored: {reasons}. Nothing was changed. If you know why, restore it with "
    "--accept-modified (recorded in the audit trail).":
        "未恢复备份 {name}：{reasons}。未做任何改动。如确知原因，可加 --accept-modified 恢复（将记入审计日志）。",
    "The backup does not record its key's fingerprint: check with opsdesk poll --once that the devices can be read.":
        "该备份没有记录其密钥指纹：请用 opsdesk poll --once 确认设备能够读取。",
    "The key file in place ({fp}) opens this backup's device secrets.":
        "现有密钥文件（{fp}）可以解开该备份中的设备密钥。",
    "The key file in place ({here}) is not this backup's key ({wanted}): restore the key file of that time too, or no "
    "device can be polled.":
        "现有密钥文件（{here}）不是该备份的密钥（{wanted}）：请一并恢复当时的密钥文件，否则任何设备都无法轮询。",
    # -- a damaged or missing database is named (issue 14) ----------------------------------
    "The database file {path} cannot be read: {reason}": "无法读取数据库文件 {path}：{reason}",
    "Restore it from a backup (opsdesk restore FILE), or name another database with --db.":
        "请从备份恢复（opsdesk restore 备份文件），或用 --db 指定其他数据库。",
    "The database file {path} is empty (0 bytes): it was truncated or overwritten.":
        "数据库文件 {path} 是空的（0 字节）：已被截断或覆盖。",
    "The file {path} is not an SQLite database (its header is damaged, or it is another file).":
        "文件 {path} 不是 SQLite 数据库（文件头已损坏，或是别的文件）。",
    "The database file {path} is truncated: {size} bytes of the {expected} its header names.":
        "数据库文件 {path} 已被截断：只有 {size} 字节，文件头记载应为 {expected} 字节。",
    "The database {url} is damaged: {error}. Restore it from a backup (opsdesk restore FILE).":
        "数据库 {url} 已损坏：{error}。请从备份恢复（opsdesk restore 备份文件）。",
    "The site database {path} is gone. A demo is not made in its place. Put the newest backup from {backups} back as "
    "{path} (then check it with opsdesk audit verify), or name the database with --db.":
        "站点数据库 {path} 不见了，不会在这里创建演示数据库。请把 {backups} 中最新的备份放回为 {path}（再用 opsdesk "
        "audit verify 检查），或用 --db 指定数据库。",
    "There is no database file {path}. Name an existing database with --db (opsdesk init makes a new one).":
        "没有数据库文件 {path}。请用 --db 指定已有的数据库（新建数据库请用 opsdesk init）。",
    # -- environment errors (issue 14, finding 8) --
    "The disk holding {path} is read-only: nothing can be written there and nothing was changed. Have the "
    "administrator mount it writable, or set OPSDESK_HOME (or --db) to a writable folder.":
        "{path} 所在的磁盘是只读的：无法在那里写入，未做任何改动。请让管理员把它挂载为可写，或把 OPSDESK_HOME（或 "
        "--db）设为可写的文件夹。",
    "The disk holding {path} is full: nothing was written, and what was saved before is unchanged. Free space on that "
    "disk (old backups, logs), then try again.":
        "{path} 所在的磁盘已满：未写入任何内容，之前保存的数据没有变化。请在该磁盘上腾出空间（旧备份、日志）后重试。",
    "The database {path} is locked by another program and was not released within {seconds} s: nothing was written. "
    "Try again in a moment; if it stays locked, close the other OpsDesk windows or programs using it.":
        "数据库 {path} 被另一个程序锁定，{seconds} 秒内未释放：未写入任何内容。请稍后重试；如果一直被锁定，"
        "请关闭正在使用它的其他 OpsDesk 窗口或程序。",
    "The user {user} may not read or write {path}: nothing was changed. Have the administrator add this user to the "
    "group {group} (the data folder's group), or open OpsDesk as a user who may.":
        "用户 {user} 没有读写 {path} 的权限：未做任何改动。请让管理员把该用户加入 {group} 组（数据文件夹所属的组），"
        "或换用有权限的用户打开 OpsDesk。",
    "{path} cannot be a folder or file of OpsDesk: {part} is a file, not a folder. Set OPSDESK_HOME (or --db) to a "
    "path inside a folder.":
        "{path} 不能用作 OpsDesk 的文件夹或文件：{part} 是一个文件，不是文件夹。请把 OPSDESK_HOME（或 --db）"
        "设为某个文件夹中的路径。",
    "The folder or file {path} does not exist. Check OPSDESK_HOME (or --db), or create the folder.":
        "文件夹或文件 {path} 不存在。请检查 OPSDESK_HOME（或 --db），或先创建该文件夹。",
    "The operating system stopped this: {error}": "操作系统中止了此操作：{error}",
    # the command line's one error path (opsdesk.cli.app) and what moved into ops with it
    "This is a bug in OpsDesk, not a mistake of yours ({error}); the details are above.":
        "这是 OpsDesk 的程序错误，不是您的操作有误（{error}）；详细信息见上方。",
    "This is a bug in OpsDesk, not a mistake of yours ({error}); the details are above and in {path}.":
        "这是 OpsDesk 的程序错误，不是您的操作有误（{error}）；详细信息见上方及 {path}。",
    "Unknown time zone: {tz}": "未知的时区：{tz}",
    "There is no year {year} in the calendar.": "日历中没有 {year} 年。",
    "This shift log has no signed revision {n}.": "该交班记录没有已签字的第 {n} 版。",
    "No answer": "无应答",
    "Read failed": "读取失败",
}
