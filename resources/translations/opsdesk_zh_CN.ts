<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
    <context>
        <name>AckDialog</name>
        <message>
            <source>Acknowledge alarm</source>
            <translation>确认告警</translation>
        </message>
        <message>
            <source>What was done, e.g. called the air-conditioning vendor, started the standby unit</source>
            <translation>已采取的措施，例如：已通知空调厂商，开启备用空调</translation>
        </message>
        <message>
            <source>Enter acknowledges · Shift+Enter starts a new line · Esc cancels</source>
            <translation>Enter 确认 · Shift+Enter 换行 · Esc 取消</translation>
        </message>
        <message>
            <source>Acknowledge</source>
            <translation>确认</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Severity</source>
            <translation>级别</translation>
        </message>
        <message>
            <source>Alarm</source>
            <translation>告警内容</translation>
        </message>
        <message>
            <source>Device</source>
            <translation>设备</translation>
        </message>
        <message>
            <source>Raised</source>
            <translation>发生时间</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>处理说明</translation>
        </message>
        <message>
            <source>{last} (raised {n} times since {first})</source>
            <translation>{last}（自 {first} 起共发生 {n} 次）</translation>
        </message>
        <message>
            <source>The alarm changed in the meantime (see above). Check it, then acknowledge again.</source>
            <translation>该告警在此期间已有变化（见上方），请核对后再确认。</translation>
        </message>
    </context>
    <context>
        <name>AlarmBanner</name>
        <message>
            <source>Reading the alarms…</source>
            <translation>正在读取告警…</translation>
        </message>
        <message>
            <source>Critical {n}</source>
            <translation>严重 {n}</translation>
        </message>
        <message>
            <source>Warning {n}</source>
            <translation>警告 {n}</translation>
        </message>
        <message>
            <source>{counts} not acknowledged</source>
            <translation>{counts} 未确认</translation>
        </message>
        <message>
            <source>Click to open the alarm list and acknowledge.</source>
            <translation>点击打开告警列表进行确认。</translation>
        </message>
        <message>
            <source>No unacknowledged alarms</source>
            <translation>当前无未确认告警</translation>
        </message>
        <message>
            <source>Click to open the alarm list.</source>
            <translation>点击打开告警列表。</translation>
        </message>
    </context>
    <context>
        <name>AlarmTableModel</name>
        <message>
            <source>Severity</source>
            <translation>级别</translation>
        </message>
        <message>
            <source>State</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Raised</source>
            <translation>发生时间</translation>
        </message>
        <message>
            <source>Device</source>
            <translation>设备</translation>
        </message>
        <message>
            <source>Site</source>
            <translation>站点</translation>
        </message>
        <message>
            <source>Alarm</source>
            <translation>告警内容</translation>
        </message>
        <message>
            <source>Value</source>
            <translation>数值</translation>
        </message>
        <message>
            <source>Limits</source>
            <translation>限值</translation>
        </message>
        <message>
            <source>Times</source>
            <translation>次数</translation>
        </message>
        <message>
            <source>Acknowledgement note</source>
            <translation>确认说明</translation>
        </message>
        <message>
            <source>Acknowledged by / at</source>
            <translation>确认人 / 确认时间</translation>
        </message>
        <message>
            <source>Cleared</source>
            <translation>恢复时间</translation>
        </message>
        <message>
            <source> (maintenance)</source>
            <translation>（维护中）</translation>
        </message>
        <message>
            <source>Event</source>
            <translation>事件</translation>
        </message>
        <message>
            <source>Acknowledged</source>
            <translation>已确认</translation>
        </message>
        <message>
            <source>Unacknowledged</source>
            <translation>未确认</translation>
        </message>
        <message>
            <source>Back to normal</source>
            <translation>已恢复</translation>
        </message>
        <message>
            <source>Cleared, unacknowledged</source>
            <translation>已恢复·未确认</translation>
        </message>
        <message>
            <source>{who}: {note}</source>
            <translation>{who}：{note}</translation>
        </message>
        <message>
            <source>Raised {n} times before anyone acknowledged it; first at {first}, last at {last}</source>
            <translation>确认前共发生 {n} 次；首次 {first}，最近 {last}</translation>
        </message>
        <message>
            <source>Cleared at {time} before anyone acknowledged it: it stays here until acknowledged.</source>
            <translation>已于 {time} 恢复，但尚未确认：确认前一直保留在当前告警中。</translation>
        </message>
        <message>
            <source>Raised during a maintenance window: expected, shown in grey.</source>
            <translation>维护窗口期间产生的告警：属预期情况，以灰色显示。</translation>
        </message>
    </context>
    <context>
        <name>AlarmsPanel</name>
        <message>
            <source>Alarms</source>
            <translation>告警</translation>
        </message>
        <message>
            <source>Active alarms</source>
            <translation>当前告警</translation>
        </message>
        <message>
            <source>History (30 days)</source>
            <translation>历史（30 天）</translation>
        </message>
        <message>
            <source>All severities</source>
            <translation>全部级别</translation>
        </message>
        <message>
            <source>All sites</source>
            <translation>全部站点</translation>
        </message>
        <message>
            <source>Device: asset tag or name…</source>
            <translation>设备：资产编号或名称…</translation>
        </message>
        <message>
            <source>&amp;Acknowledge…</source>
            <translation>确认告警(&amp;A)…</translation>
        </message>
        <message>
            <source>Acknowledge the &amp;device's cleared alarms…</source>
            <translation>确认本设备已恢复告警(&amp;D)…</translation>
        </message>
        <message>
            <source>Acknowledge together, with one note, every alarm of the selected device that cleared before anyone acknowledged it (a device that keeps dropping out and coming back).</source>
            <translation>用同一条说明，一并确认所选设备所有“已恢复·未确认”的告警（适用于反复掉线又恢复的设备）。</translation>
        </message>
        <message>
            <source>&amp;Live status</source>
            <translation>实时状态(&amp;L)</translation>
        </message>
        <message>
            <source>&amp;Maintenance window…</source>
            <translation>维护窗口(&amp;M)…</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>刷新</translation>
        </message>
        <message>
            <source>The newest {n} alarms of the last 30 days</source>
            <translation>最近 30 天内最新的 {n} 条告警</translation>
        </message>
        <message>
            <source>{n} alarms in the last 30 days</source>
            <translation>最近 30 天共 {n} 条告警</translation>
        </message>
        <message>
            <source>{n} active, {m} to acknowledge</source>
            <translation>当前 {n} 条，待确认 {m} 条</translation>
        </message>
        <message>
            <source>No active alarms</source>
            <translation>当前没有告警</translation>
        </message>
    </context>
    <context>
        <name>AuditPanel</name>
        <message>
            <source>Audit log</source>
            <translation>审计日志</translation>
        </message>
        <message>
            <source>Verify audit chain</source>
            <translation>校验审计链</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>刷新</translation>
        </message>
        <message>
            <source>The chain has not been checked in this session.</source>
            <translation>本次登录尚未校验审计链。</translation>
        </message>
        <message>
            <source>Select an entry to see what it changed.</source>
            <translation>选择一条记录以查看修改前后的内容。</translation>
        </message>
        <message>
            <source>{n} newest entries</source>
            <translation>最近 {n} 条记录</translation>
        </message>
        <message>
            <source>Entry {id} · {time} · {actor}</source>
            <translation>记录 {id} · {time} · {actor}</translation>
        </message>
        <message>
            <source>Action: {action} ({code})</source>
            <translation>操作：{action}（{code}）</translation>
        </message>
        <message>
            <source>Object: {entity} {id}</source>
            <translation>对象：{entity} {id}</translation>
        </message>
        <message>
            <source>Before:</source>
            <translation>修改前：</translation>
        </message>
        <message>
            <source>(nothing)</source>
            <translation>（无）</translation>
        </message>
        <message>
            <source>After:</source>
            <translation>修改后：</translation>
        </message>
        <message>
            <source>Checking the audit chain…</source>
            <translation>正在校验审计链…</translation>
        </message>
    </context>
    <context>
        <name>AuditTableModel</name>
        <message>
            <source>Time</source>
            <translation>时间</translation>
        </message>
        <message>
            <source>By</source>
            <translation>操作人</translation>
        </message>
        <message>
            <source>Action</source>
            <translation>操作</translation>
        </message>
        <message>
            <source>Summary</source>
            <translation>摘要</translation>
        </message>
    </context>
    <context>
        <name>BackupScheduler</name>
        <message>
            <source>The daily backup failed: {error}</source>
            <translation>每日备份失败：{error}</translation>
        </message>
    </context>
    <context>
        <name>CalendarPage</name>
        <message>
            <source>All sites</source>
            <translation>全部站点</translation>
        </message>
        <message>
            <source>Still open from earlier months</source>
            <translation>以前月份未完成</translation>
        </message>
        <message>
            <source>Open sheet</source>
            <translation>打开巡检表</translation>
        </message>
        <message>
            <source>Double-click an inspection or press Enter to fill in or read its sheet. Dates follow the official working-day calendar, adjusted working days included.</source>
            <translation>双击巡检项目或按 Enter 键可填写或查看巡检表。日期按官方工作日历（含调休）排定。</translation>
        </message>
        <message>
            <source>{month}/{year}</source>
            <translation>{year}年{month}月</translation>
        </message>
        <message>
            <source>{year}-{month:02d}: {n} inspections due · {counts}</source>
            <translation>{year}-{month:02d}：本月巡检 {n} 项 · {counts}</translation>
        </message>
    </context>
    <context>
        <name>CellDelegate</name>
        <message>
            <source>monitor {time}</source>
            <translation>监控 {time}</translation>
        </message>
    </context>
    <context>
        <name>ChecklistItem</name>
        <message>
            <source>Required</source>
            <translation>必检</translation>
        </message>
        <message>
            <source>Correct value…</source>
            <translation>修正取值…</translation>
        </message>
        <message>
            <source>Result observed</source>
            <translation>检查结果</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>备注</translation>
        </message>
        <message>
            <source>Expected: {expected}</source>
            <translation>预期：{expected}</translation>
        </message>
        <message>
            <source>Follow-up: {text}</source>
            <translation>后续处理：{text}</translation>
        </message>
        <message>
            <source>Corrected ({reason}); the monitor read {value}</source>
            <translation>人工修正（{reason}），监控读数 {value}</translation>
        </message>
        <message>
            <source>{who} {time}</source>
            <translation>{who} {time}</translation>
        </message>
        <message>
            <source>Reason for the override: {reason}</source>
            <translation>修正原因：{reason}</translation>
        </message>
        <message>
            <source>No reading yet</source>
            <translation>暂无读数</translation>
        </message>
        <message>
            <source>Corrected by hand</source>
            <translation>人工修正</translation>
        </message>
        <message>
            <source>Live {time}</source>
            <translation>实时 {time}</translation>
        </message>
        <message>
            <source>Live value</source>
            <translation>实时取值</translation>
        </message>
    </context>
    <context>
        <name>ChecklistView</name>
        <message>
            <source>{group}  {done}/{total}</source>
            <translation>{group}  {done}/{total}</translation>
        </message>
        <message>
            <source>Other</source>
            <translation>其他</translation>
        </message>
    </context>
    <context>
        <name>Console</name>
        <message>
            <source>Automatic login is only for an enabled user of the demo database: {name}</source>
            <translation>自动登录仅适用于演示数据库中未停用的用户：{name}</translation>
        </message>
        <message>
            <source>No screenshot could be saved to {path}</source>
            <translation>无法将截图保存到 {path}</translation>
        </message>
        <message>
            <source>OpsDesk cannot start</source>
            <translation>OpsDesk 无法启动</translation>
        </message>
    </context>
    <context>
        <name>DeviceAckDialog</name>
        <message>
            <source>Acknowledge the device's cleared alarms</source>
            <translation>确认本设备已恢复的告警</translation>
        </message>
        <message>
            <source> ×{n}</source>
            <translation> ×{n}</translation>
        </message>
        <message>
            <source>Device</source>
            <translation>设备</translation>
        </message>
        <message>
            <source>Alarms</source>
            <translation>告警</translation>
        </message>
        <message>
            <source>{n} cleared before anyone acknowledged them</source>
            <translation>{n} 条在确认前已恢复</translation>
        </message>
    </context>
    <context>
        <name>DevicePanel</name>
        <message>
            <source>Device</source>
            <translation>设备</translation>
        </message>
        <message>
            <source>Model</source>
            <translation>型号</translation>
        </message>
        <message>
            <source>Location</source>
            <translation>位置</translation>
        </message>
        <message>
            <source>Management IP</source>
            <translation>管理IP</translation>
        </message>
        <message>
            <source>Last poll</source>
            <translation>上次轮询</translation>
        </message>
        <message>
            <source>No readings yet: the device has no management address or SNMP settings, or the poller has not reached it.</source>
            <translation>暂无读数：该设备未配置管理地址或 SNMP 参数，或轮询尚未连通。</translation>
        </message>
        <message>
            <source>Live readings</source>
            <translation>实时读数</translation>
        </message>
        <message>
            <source>Recent alarms (last {n})</source>
            <translation>最近告警（最近 {n} 条）</translation>
        </message>
        <message>
            <source>&amp;Maintenance window…</source>
            <translation>维护窗口(&amp;M)…</translation>
        </message>
        <message>
            <source>Device type &amp;wizard…</source>
            <translation>设备型号向导(&amp;W)…</translation>
        </message>
        <message>
            <source>End maintenance</source>
            <translation>结束维护</translation>
        </message>
        <message>
            <source>Add this device's type from the vendor's MIB files and a walk of the device.</source>
            <translation>用厂商的 MIB 文件和对本设备的读取添加这种设备型号。</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>刷新</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>Live status: {device}</source>
            <translation>实时状态：{device}</translation>
        </message>
        <message>
            <source>none</source>
            <translation>无</translation>
        </message>
        <message>
            <source>In maintenance until {time}</source>
            <translation>维护中，至 {time}</translation>
        </message>
        <message>
            <source>never</source>
            <translation>尚未轮询</translation>
        </message>
    </context>
    <context>
        <name>Dialogs</name>
        <message>
            <source>Unexpected error: {detail}</source>
            <translation>意外错误：{detail}</translation>
        </message>
        <message>
            <source>Disk or file problem</source>
            <translation>磁盘或文件问题</translation>
        </message>
        <message>
            <source>Could not do this</source>
            <translation>无法完成操作</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>完成</translation>
        </message>
        <message>
            <source>Please confirm</source>
            <translation>请确认</translation>
        </message>
    </context>
    <context>
        <name>DueTable</name>
        <message>
            <source>Due date</source>
            <translation>到期日</translation>
        </message>
        <message>
            <source>Site</source>
            <translation>站点</translation>
        </message>
        <message>
            <source>Inspection</source>
            <translation>巡检项目</translation>
        </message>
        <message>
            <source>State</source>
            <translation>状态</translation>
        </message>
        <message>
            <source> ({provisional})</source>
            <translation>（{provisional}）</translation>
        </message>
        <message>
            <source>No official holiday notice for this year yet: the date is computed from the statutory holidays and may move.</source>
            <translation>该年度的放假通知尚未发布：日期按法定节假日推算，可能调整。</translation>
        </message>
        <message>
            <source>Signed by the inspector on {date}, {n} days after the due date</source>
            <translation>巡检人于 {date} 签字，晚于到期日 {n} 天</translation>
        </message>
        <message>
            <source>Signed by the inspector on {date}, on time</source>
            <translation>巡检人于 {date} 按时签字</translation>
        </message>
    </context>
    <context>
        <name>DutyPage</name>
        <message>
            <source>Day shift 08:30–17:30</source>
            <translation>白班 08:30–17:30</translation>
        </message>
        <message>
            <source>Night shift 17:30–08:30 next day</source>
            <translation>夜班 17:30–次日 08:30</translation>
        </message>
        <message>
            <source>Keyboard: ↑ ↓ or J K choose an item · 1 Normal · 2 Abnormal · 3 Not applicable · Space next status · Enter value or note</source>
            <translation>键盘：↑ ↓ 或 J K 选择检查项 · 1 正常 · 2 异常 · 3 不适用 · 空格 切换状态 · 回车 填写结果或备注</translation>
        </message>
        <message>
            <source>S&amp;tart shift</source>
            <translation>开始值班(&amp;T)</translation>
        </message>
        <message>
            <source>Sit&amp;e</source>
            <translation>站点(&amp;E)</translation>
        </message>
        <message>
            <source>&amp;Date</source>
            <translation>日期(&amp;D)</translation>
        </message>
        <message>
            <source>Shi&amp;ft</source>
            <translation>班次(&amp;F)</translation>
        </message>
        <message>
            <source>&amp;Refresh</source>
            <translation>刷新(&amp;R)</translation>
        </message>
        <message>
            <source>&amp;Print handover record…</source>
            <translation>打印交班记录(&amp;P)…</translation>
        </message>
        <message>
            <source>Hand&amp;over and sign-off…</source>
            <translation>交接班(&amp;O)…</translation>
        </message>
        <message>
            <source>Scheduled that day: {shifts}</source>
            <translation>当日排定：{shifts}</translation>
        </message>
        <message>
            <source>No shift is scheduled that day; one can still be started.</source>
            <translation>当日不是排定的值班日，如有需要仍可开班。</translation>
        </message>
        <message>
            <source>This shift has not started. Choose site, date and shift, then press “Start shift”. The checklist is filled from the monitor where it can.</source>
            <translation>该班次尚未开始。选择站点、日期和班次后点击“开始值班”，检查表中的实时项会自动从监控取值。</translation>
        </message>
        <message>
            <source>&amp;Join shift</source>
            <translation>加入值班(&amp;J)</translation>
        </message>
        <message>
            <source>Changed by someone else: reloaded. Check it and tick again.</source>
            <translation>已被他人修改，已重新读取。请核对后重新勾选。</translation>
        </message>
    </context>
    <context>
        <name>ElevationDialog</name>
        <message>
            <source>Rack {name} — front view</source>
            <translation>机柜 {name} 正视图</translation>
        </message>
        <message>
            <source>{n} devices, {used} of {total} U used</source>
            <translation>{n} 台设备，已用 {used} / {total} U</translation>
        </message>
        <message>
            <source>{n} on a single PDU</source>
            <translation>{n} 台单路供电</translation>
        </message>
        <message>
            <source>↑↓ choose a device, Enter opens it</source>
            <translation>↑↓ 选择设备，回车打开</translation>
        </message>
    </context>
    <context>
        <name>EnvironmentPanel</name>
        <message>
            <source>Environment</source>
            <translation>环境监控</translation>
        </message>
        <message>
            <source>Room limits…</source>
            <translation>机房限值…</translation>
        </message>
        <message>
            <source>Site</source>
            <translation>站点</translation>
        </message>
        <message>
            <source>Room</source>
            <translation>机房</translation>
        </message>
        <message>
            <source>All rooms</source>
            <translation>全部机房</translation>
        </message>
        <message>
            <source>Choose a room to give it limits of its own.</source>
            <translation>请先选择一个机房，再为其单独设定限值。</translation>
        </message>
        <message>
            <source>Limits: {limits}</source>
            <translation>限值：{limits}</translation>
        </message>
        <message>
            <source>{unit} differ by room</source>
            <translation>{unit} 各机房不同</translation>
        </message>
        <message>
            <source>{band} (this room)</source>
            <translation>{band}（本机房）</translation>
        </message>
    </context>
    <context>
        <name>FillDialog</name>
        <message>
            <source>Roster by working days</source>
            <translation>按工作日生成排班</translation>
        </message>
        <message>
            <source>Generate</source>
            <translation>生成</translation>
        </message>
        <message>
            <source>Everyone chosen works the day shift on each working day of {year}-{month:02d} (adjusted working days included) and is off on the other days. The month's roster is replaced; approved leave still shows.</source>
            <translation>所选人员在 {year}-{month:02d} 的每个工作日（含调休上班日）上白班，其余日期休息。本月原有排班将被替换；已批准的请假仍会显示。</translation>
        </message>
    </context>
    <context>
        <name>Floor</name>
        <message>
            <source>Move</source>
            <translation>移动</translation>
        </message>
        <message>
            <source>Rotate</source>
            <translation>旋转</translation>
        </message>
        <message>
            <source>Remove</source>
            <translation>删除</translation>
        </message>
        <message>
            <source>Rack {name}: {n} devices</source>
            <translation>机柜 {name}：{n} 台设备</translation>
        </message>
        <message>
            <source>Click for the front elevation.</source>
            <translation>单击查看机柜正视图。</translation>
        </message>
        <message>
            <source>Click for the device's live status.</source>
            <translation>单击查看设备实时状态。</translation>
        </message>
    </context>
    <context>
        <name>FloorLegend</name>
        <message>
            <source>Critical (flashes until acknowledged)</source>
            <translation>严重（确认前闪烁）</translation>
        </message>
        <message>
            <source>Thick edge: rack front</source>
            <translation>粗边：机柜正面</translation>
        </message>
        <message>
            <source>Temperature {start}–{end} ℃ (limits {low}–{high} ℃)</source>
            <translation>温度 {start}–{end} ℃（限值 {low}–{high} ℃）</translation>
        </message>
    </context>
    <context>
        <name>FloorPanel</name>
        <message>
            <source>Machine-room floor</source>
            <translation>机房平面图</translation>
        </message>
        <message>
            <source>Temperature overlay</source>
            <translation>温度分布</translation>
        </message>
        <message>
            <source>Edit floor plan</source>
            <translation>编辑平面图</translation>
        </message>
        <message>
            <source>Add rack</source>
            <translation>添加机柜</translation>
        </message>
        <message>
            <source>Add row</source>
            <translation>添加一列</translation>
        </message>
        <message>
            <source>Rotate</source>
            <translation>旋转</translation>
        </message>
        <message>
            <source>Remove rack</source>
            <translation>删除机柜</translation>
        </message>
        <message>
            <source>Place sensor…</source>
            <translation>放置传感器…</translation>
        </message>
        <message>
            <source>Undo</source>
            <translation>撤销</translation>
        </message>
        <message>
            <source>Redo</source>
            <translation>重做</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>保存</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Drag to move (snaps to the tiles); select a rack to rotate or remove it.</source>
            <translation>拖动即可移动（自动对齐地板格）；选中机柜后可旋转或删除。</translation>
        </message>
        <message>
            <source>Site</source>
            <translation>站点</translation>
        </message>
        <message>
            <source>Room</source>
            <translation>机房</translation>
        </message>
        <message>
            <source>(no machine room)</source>
            <translation>（无机房）</translation>
        </message>
        <message>
            <source>Every sensor of this site has its place. Add a new one in the equipment register (category {category}) first.</source>
            <translation>本站点的传感器都已放置。请先在设备台账中添加新的传感器（类别：{category}）。</translation>
        </message>
    </context>
    <context>
        <name>FloorView</name>
        <message>
            <source>This site has no machine room with a floor plan.</source>
            <translation>该站点没有带平面图的机房。</translation>
        </message>
        <message>
            <source>{site} · {room} · {cols} × {rows} tiles of {mm} mm</source>
            <translation>{site} · {room} · {cols} × {rows} 块 {mm} mm 地板</translation>
        </message>
        <message>
            <source>Rotate</source>
            <translation>旋转</translation>
        </message>
        <message>
            <source>There is no free place on the floor for another rack.</source>
            <translation>地板上已没有空位可再放机柜。</translation>
        </message>
        <message>
            <source>Add rack</source>
            <translation>添加机柜</translation>
        </message>
        <message>
            <source>There is no room for another row below the last one.</source>
            <translation>最后一列下方已放不下新的一列机柜。</translation>
        </message>
        <message>
            <source>Add row {letter}</source>
            <translation>添加 {letter} 列</translation>
        </message>
        <message>
            <source>Place {tag}</source>
            <translation>放置 {tag}</translation>
        </message>
    </context>
    <context>
        <name>FormDialog</name>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>关闭</translation>
        </message>
    </context>
    <context>
        <name>Gauge</name>
        <message>
            <source>Today: no readings yet</source>
            <translation>今日：暂无读数</translation>
        </message>
        <message>
            <source>Today {low} – {high}</source>
            <translation>今日 {low} – {high}</translation>
        </message>
        <message>
            <source>{device} {label}
Room: {room}
Limits {band}</source>
            <translation>{device} {label}
机房：{room}
限值 {band}</translation>
        </message>
    </context>
    <context>
        <name>GaugeGrid</name>
        <message>
            <source>No temperature or humidity points here yet.</source>
            <translation>这里还没有温湿度测点。</translation>
        </message>
    </context>
    <context>
        <name>HandoverDialog</name>
        <message>
            <source>Handover and sign-off</source>
            <translation>交接班与签字</translation>
        </message>
        <message>
            <source>What the next shift must know: work in progress, vendors expected, systems to watch</source>
            <translation>需要接班人知道的事项：进行中的工作、预约到场的厂商、需重点关注的系统</translation>
        </message>
        <message>
            <source>Signatures of both engineers</source>
            <translation>交接班双方签字</translation>
        </message>
        <message>
            <source>Submi&amp;t handover again</source>
            <translation>重新提交交班(&amp;T)</translation>
        </message>
        <message>
            <source>Outgoing engineer</source>
            <translation>交班人</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>密码</translation>
        </message>
        <message>
            <source>Incoming engineer</source>
            <translation>接班人</translation>
        </message>
        <message>
            <source>Choose the incoming engineer</source>
            <translation>请选择接班人</translation>
        </message>
        <message>
            <source>Submi&amp;t handover</source>
            <translation>提交交班(&amp;T)</translation>
        </message>
        <message>
            <source>Handover &amp;notes</source>
            <translation>交班说明(&amp;N)</translation>
        </message>
        <message>
            <source>Si&amp;gn</source>
            <translation>签字(&amp;G)</translation>
        </message>
        <message>
            <source>&amp;Outgoing engineer</source>
            <translation>交班人(&amp;O)</translation>
        </message>
        <message>
            <source>&amp;Incoming engineer</source>
            <translation>接班人(&amp;I)</translation>
        </message>
        <message>
            <source>Handover · {site} {day} {shift}</source>
            <translation>交接班 · {site} {day} {shift}</translation>
        </message>
        <message>
            <source>Required · {title}</source>
            <translation>必检 · {title}</translation>
        </message>
        <message>
            <source>Every item is checked</source>
            <translation>所有检查项均已完成</translation>
        </message>
        <message>
            <source>Unfinished items ({n})</source>
            <translation>未完成检查项（{n}）</translation>
        </message>
        <message>
            <source>{item} — follow-up: {followup}</source>
            <translation>{item} — 后续处理：{followup}</translation>
        </message>
        <message>
            <source>{item} — no follow-up written yet</source>
            <translation>{item} — 尚未填写后续处理</translation>
        </message>
        <message>
            <source>No abnormal item</source>
            <translation>无异常项</translation>
        </message>
        <message>
            <source>Abnormal items and their follow-up ({n})</source>
            <translation>异常项及后续处理（{n}）</translation>
        </message>
        <message>
            <source> (acknowledged by {who})</source>
            <translation>（已确认：{who}）</translation>
        </message>
        <message>
            <source> (cleared, not acknowledged)</source>
            <translation>（已恢复·未确认）</translation>
        </message>
        <message>
            <source>No open alarm at this site</source>
            <translation>本站点无未恢复告警</translation>
        </message>
        <message>
            <source>Open alarms ({n})</source>
            <translation>未恢复告警（{n}）</translation>
        </message>
        <message>
            <source>Checking passwords…</source>
            <translation>正在核对密码…</translation>
        </message>
        <message>
            <source>{who}: {message}</source>
            <translation>{who}：{message}</translation>
        </message>
        <message>
            <source>Not signed: {n} required items are still open: {items}</source>
            <translation>未签字：还有 {n} 项必检项未完成：{items}</translation>
        </message>
    </context>
    <context>
        <name>HistoryPage</name>
        <message>
            <source>Double-click a shift, or choose a day with the arrow keys and press Enter (Shift+Enter: the night shift), to read its record and signed revisions. PgUp/PgDn change the month. Shaded days are days off; amber days are weekends made working days.</source>
            <translation>双击班次，或用方向键选定日期后按回车（Shift+回车：夜班），查看值班记录及已签字版本；PgUp/PgDn 切换月份。灰色为休息日，橙色为调休上班的周末。</translation>
        </message>
        <message>
            <source>{month}/{year}</source>
            <translation>{year}年{month}月</translation>
        </message>
        <message>
            <source>This month: {counts}</source>
            <translation>本月：{counts}</translation>
        </message>
        <message>
            <source>{day} {shift}: no record — nobody started this shift.</source>
            <translation>{day} {shift}：没有记录——该班次无人开班。</translation>
        </message>
    </context>
    <context>
        <name>InspectionStrip</name>
        <message>
            <source>Open the inspection calendar</source>
            <translation>打开巡检日历</translation>
        </message>
        <message>
            <source>{site} {title} due {date} ({state})</source>
            <translation>{site} {title} {date} 到期（{state}）</translation>
        </message>
        <message>
            <source>{n} more</source>
            <translation>另有 {n} 项</translation>
        </message>
        <message>
            <source>{n} sheets awaiting review</source>
            <translation>待审核 {n} 份</translation>
        </message>
        <message>
            <source>Inspections: {items}</source>
            <translation>巡检提醒：{items}</translation>
        </message>
    </context>
    <context>
        <name>InspectionsPanel</name>
        <message>
            <source>Inspections</source>
            <translation>巡检</translation>
        </message>
        <message>
            <source>Check a printed sheet…</source>
            <translation>核验纸质表…</translation>
        </message>
        <message>
            <source>Choose an exported PDF: does it match the stored signed record?</source>
            <translation>选择导出的 PDF，核对它是否与存档的签字记录一致</translation>
        </message>
        <message>
            <source>Calendar</source>
            <translation>巡检日历</translation>
        </message>
        <message>
            <source>Awaiting my review ({n})</source>
            <translation>待我审核（{n}）</translation>
        </message>
        <message>
            <source>Awaiting my review</source>
            <translation>待我审核</translation>
        </message>
        <message>
            <source>Check a printed sheet</source>
            <translation>核验纸质记录</translation>
        </message>
    </context>
    <context>
        <name>LeaveBox</name>
        <message>
            <source>Leave requests</source>
            <translation>请假申请</translation>
        </message>
        <message>
            <source>Person</source>
            <translation>人员</translation>
        </message>
        <message>
            <source>Dates</source>
            <translation>日期</translation>
        </message>
        <message>
            <source>Days</source>
            <translation>天数</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>原因</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Approve</source>
            <translation>批准</translation>
        </message>
        <message>
            <source>Reject</source>
            <translation>驳回</translation>
        </message>
        <message>
            <source>{status} ({who})</source>
            <translation>{status}（{who}）</translation>
        </message>
    </context>
    <context>
        <name>LeaveDialog</name>
        <message>
            <source>Request leave</source>
            <translation>申请请假</translation>
        </message>
        <message>
            <source>Submit request</source>
            <translation>提交申请</translation>
        </message>
        <message>
            <source>e.g. family matters, annual leave</source>
            <translation>例如：家中有事、年休假</translation>
        </message>
        <message>
            <source>Ask in advance. Approved leave shows in the roster and does not count as cover.</source>
            <translation>请提前申请。批准后在排班表中显示为“假”，不计入值守人数。</translation>
        </message>
        <message>
            <source>First day</source>
            <translation>开始日期</translation>
        </message>
        <message>
            <source>Last day</source>
            <translation>结束日期</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>原因</translation>
        </message>
    </context>
    <context>
        <name>LineForm</name>
        <message>
            <source>e.g. 2018-04, 2018.4 or 2018年4月</source>
            <translation>例如 2018-04、2018.4 或 2018年4月</translation>
        </message>
        <message>
            <source>years, e.g. 3</source>
            <translation>年数，例如 3</translation>
        </message>
        <message>
            <source>if announced, e.g. 2027-12-31</source>
            <translation>如已公布，例如 2027-12-31</translation>
        </message>
        <message>
            <source>Quantity</source>
            <translation>数量</translation>
        </message>
        <message>
            <source>Warranty ends</source>
            <translation>保修截止</translation>
        </message>
        <message>
            <source>Warranty status</source>
            <translation>保修状态</translation>
        </message>
        <message>
            <source>Register line</source>
            <translation>台账行</translation>
        </message>
        <message>
            <source>Edit unit</source>
            <translation>编辑设备</translation>
        </message>
        <message>
            <source>View unit</source>
            <translation>查看设备</translation>
        </message>
        <message>
            <source>Live status</source>
            <translation>实时状态</translation>
        </message>
        <message>
            <source>The unit's readings, state and recent alarms from the poller</source>
            <translation>该设备的实时读数、状态和最近告警（来自轮询）</translation>
        </message>
        <message>
            <source>Delete unit</source>
            <translation>删除设备</translation>
        </message>
        <message>
            <source>Units get their asset tags when the line is saved; then each can be edited here.</source>
            <translation>保存后按数量生成设备及资产编号，之后可在此逐台编辑。</translation>
        </message>
        <message>
            <source>Units</source>
            <translation>设备明细</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>保存</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>New register line</source>
            <translation>新增台账行</translation>
        </message>
        <message>
            <source>Register line: {title}</source>
            <translation>台账行：{title}</translation>
        </message>
        <message>
            <source>As of {day}</source>
            <translation>截至 {day}</translation>
        </message>
        <message>
            <source>Load the current version now? Your changes here are lost.</source>
            <translation>现在载入最新版本吗？此处未保存的修改将丢失。</translation>
        </message>
        <message>
            <source>Changed by someone else</source>
            <translation>已被他人修改</translation>
        </message>
        <message>
            <source>Delete unit {tag}?</source>
            <translation>删除设备 {tag}？</translation>
        </message>
        <message>
            <source>It is the line's last unit: the register line is deleted with it.</source>
            <translation>这是该台账行的最后一台设备，台账行将一并删除。</translation>
        </message>
    </context>
    <context>
        <name>LockScreen</name>
        <message>
            <source>Duty-room operations console</source>
            <translation>机房值班运维台</translation>
        </message>
        <message>
            <source>Locked</source>
            <translation>已锁定</translation>
        </message>
        <message>
            <source>Demo data</source>
            <translation>演示数据</translation>
        </message>
        <message>
            <source>Newest alarms that need someone</source>
            <translation>待处理的最新告警</translation>
        </message>
        <message>
            <source>Raised</source>
            <translation>发生时间</translation>
        </message>
        <message>
            <source>Severity</source>
            <translation>级别</translation>
        </message>
        <message>
            <source>Device</source>
            <translation>设备</translation>
        </message>
        <message>
            <source>Alarm</source>
            <translation>告警内容</translation>
        </message>
        <message>
            <source>(cleared, not acknowledged)</source>
            <translation>（已恢复·未确认）</translation>
        </message>
        <message>
            <source>(acknowledged by {name})</source>
            <translation>（{name} 已确认）</translation>
        </message>
        <message>
            <source>No alarm needs anyone now.</source>
            <translation>目前没有待处理的告警。</translation>
        </message>
        <message>
            <source>Log in to acknowledge them.</source>
            <translation>登录后确认告警。</translation>
        </message>
    </context>
    <context>
        <name>LoginDialog</name>
        <message>
            <source>Duty-room operations console</source>
            <translation>机房值班运维台</translation>
        </message>
        <message>
            <source>Demo data</source>
            <translation>演示数据</translation>
        </message>
        <message>
            <source>Locked: {name} is away. Unlock with the password, or log in as another user.</source>
            <translation>已锁定：{name} 暂时离开。输入密码解锁，或以其他用户登录。</translation>
        </message>
        <message>
            <source>Please log in with your own account.</source>
            <translation>请使用本人账号登录。</translation>
        </message>
        <message>
            <source>User name</source>
            <translation>用户名</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>密码</translation>
        </message>
        <message>
            <source>Log in</source>
            <translation>登录</translation>
        </message>
        <message>
            <source>Close the console</source>
            <translation>关闭控制台</translation>
        </message>
        <message>
            <source>Demo accounts (demo data only)</source>
            <translation>演示账号（仅限演示数据）</translation>
        </message>
        <message>
            <source>{name} ({username}) {role}, password {password}</source>
            <translation>{name}（{username}）{role} 密码 {password}</translation>
        </message>
        <message>
            <source>Please enter your user name.</source>
            <translation>请输入用户名。</translation>
        </message>
        <message>
            <source>Checking…</source>
            <translation>正在核对…</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>Duty-room console</source>
            <translation>机房值班运维台</translation>
        </message>
        <message>
            <source>Duty-room operations console</source>
            <translation>机房值班运维台</translation>
        </message>
        <message>
            <source>Demo data</source>
            <translation>演示数据</translation>
        </message>
        <message>
            <source>&amp;System</source>
            <translation>系统(&amp;S)</translation>
        </message>
        <message>
            <source>Lock the console</source>
            <translation>锁定控制台</translation>
        </message>
        <message>
            <source>Lock while you are away; alarms keep showing and ringing.</source>
            <translation>离开时锁定；告警照常显示和响铃。</translation>
        </message>
        <message>
            <source>Log out (hand the console to someone else)</source>
            <translation>注销登录（交给他人使用）</translation>
        </message>
        <message>
            <source>Stop monitoring…</source>
            <translation>停止监控…</translation>
        </message>
        <message>
            <source>Close the console…</source>
            <translation>关闭控制台…</translation>
        </message>
        <message>
            <source>&amp;View</source>
            <translation>视图(&amp;V)</translation>
        </message>
        <message>
            <source>Wall display</source>
            <translation>大屏模式</translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation>帮助(&amp;H)</translation>
        </message>
        <message>
            <source>About</source>
            <translation>关于</translation>
        </message>
        <message>
            <source>{screen} ({keys})</source>
            <translation>{screen}（{keys}）</translation>
        </message>
        <message>
            <source>User: {user} · {role}</source>
            <translation>当前用户：{user} · {role}</translation>
        </message>
        <message>
            <source>This database holds demonstration data, not a real site's records.</source>
            <translation>本数据库为演示数据，不是真实站点的记录。</translation>
        </message>
        <message>
            <source>Site time {time}</source>
            <translation>站点时间 {time}</translation>
        </message>
        <message>
            <source>Monitoring stopped: the poller ended (exit code {code}). No device is read and no alarm is raised until it runs again.</source>
            <translation>监控已停止：轮询进程已退出（退出码 {code}）。在它重新运行之前，不会读取任何设备，也不会产生告警。</translation>
        </message>
        <message>
            <source>Duty-room operations console, version {version}.
For the duty room of a hospital data centre.</source>
            <translation>机房值班运维台，版本 {version}。
用于医院数据中心的机房值班。</translation>
        </message>
        <message>
            <source>Monitoring goes on after the console closes: the poller ({holder}) keeps reading the devices and recording alarms. This computer will neither show nor sound them until the console is opened again.</source>
            <translation>关闭控制台后监控继续：轮询进程（{holder}）照常读取设备、记录告警。但在再次打开控制台之前，本机不会显示告警，也不会响铃。</translation>
        </message>
        <message>
            <source>No poller is running: after the console closes no device is watched and no alarm is raised.</source>
            <translation>当前没有轮询进程在运行：关闭控制台后，没有设备被监控，也不会产生任何告警。</translation>
        </message>
        <message>
            <source>Close the console</source>
            <translation>关闭控制台</translation>
        </message>
        <message>
            <source>Close, keep monitoring</source>
            <translation>关闭，监控继续</translation>
        </message>
        <message>
            <source>Close anyway</source>
            <translation>仍然关闭</translation>
        </message>
        <message>
            <source>Stop monitoring and close</source>
            <translation>停止监控并退出</translation>
        </message>
        <message>
            <source>Only a supervisor or an administrator may stop monitoring.</source>
            <translation>只有审核人或管理员可以停止监控。</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Stop monitoring? No device is read and no alarm is raised until the console is restarted or the poller service is started again.</source>
            <translation>确定停止监控？在重新打开控制台或重新启动轮询服务之前，不会读取任何设备，也不会产生任何告警。</translation>
        </message>
        <message>
            <source>Stop monitoring</source>
            <translation>停止监控</translation>
        </message>
        <message>
            <source>Monitoring stopped by {name}.</source>
            <translation>{name} 已停止监控。</translation>
        </message>
    </context>
    <context>
        <name>MaintenanceDialog</name>
        <message>
            <source>Maintenance window</source>
            <translation>维护窗口</translation>
        </message>
        <message>
            <source>Alarms this device raises during the window are expected: they are recorded, shown in grey and not counted in the banner.</source>
            <translation>维护窗口期间该设备产生的告警属预期情况：照常记录，以灰色显示，不计入顶部的未确认告警提示。</translation>
        </message>
        <message>
            <source> hours</source>
            <translation> 小时</translation>
        </message>
        <message>
            <source>e.g. UPS battery discharge test</source>
            <translation>例如：UPS 电池放电测试</translation>
        </message>
        <message>
            <source>Start maintenance</source>
            <translation>开始维护</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Device</source>
            <translation>设备</translation>
        </message>
        <message>
            <source>Duration</source>
            <translation>时长</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>原因</translation>
        </message>
    </context>
    <context>
        <name>MibPage</name>
        <message>
            <source>Device and MIB files</source>
            <translation>设备与 MIB 文件</translation>
        </message>
        <message>
            <source>Pick the vendor's MIB files for this device. The standard modules they import ship with OpsDesk; nothing is fetched from the network.</source>
            <translation>选择本设备厂商的 MIB 文件。它们引用的标准模块已随 OpsDesk 提供，不会从网络下载任何内容。</translation>
        </message>
        <message>
            <source>Asset tag</source>
            <translation>资产编号</translation>
        </message>
        <message>
            <source>Model</source>
            <translation>型号</translation>
        </message>
        <message>
            <source>Management IP</source>
            <translation>管理IP</translation>
        </message>
        <message>
            <source>none</source>
            <translation>无</translation>
        </message>
        <message>
            <source>Read now with the device profiles {ids}. A profile saved here is used beside them (one with the same id replaces it): leave out what they read already.</source>
            <translation>本设备当前由设备档案 {ids} 读取。此处保存的档案将与它们一并使用（标识相同的档案会替代原档案）：它们已读取的读数请不要勾选。</translation>
        </message>
        <message>
            <source>No device profile reads it yet (or it has not been polled).</source>
            <translation>尚无设备档案读取本设备（或尚未轮询）。</translation>
        </message>
        <message>
            <source>Read now by</source>
            <translation>当前读取档案</translation>
        </message>
        <message>
            <source>Add MIB files…</source>
            <translation>添加 MIB 文件…</translation>
        </message>
        <message>
            <source>Remove</source>
            <translation>移除</translation>
        </message>
        <message>
            <source>No MIB file yet.</source>
            <translation>尚未添加 MIB 文件。</translation>
        </message>
        <message>
            <source>MIB files</source>
            <translation>MIB 文件</translation>
        </message>
        <message>
            <source>MIB files (*)</source>
            <translation>MIB 文件 (*)</translation>
        </message>
        <message>
            <source>Compiling the MIB files…</source>
            <translation>正在编译 MIB 文件…</translation>
        </message>
        <message>
            <source>Compiled: {modules}</source>
            <translation>已编译：{modules}</translation>
        </message>
    </context>
    <context>
        <name>MuteButton</name>
        <message>
            <source>Mute tone</source>
            <translation>静音</translation>
        </message>
        <message>
            <source>Silence the alarm tone until the next new critical alarm. Acknowledging every critical alarm stops it too.</source>
            <translation>关闭告警铃声，直到出现新的严重告警。确认全部严重告警也会停止铃声。</translation>
        </message>
    </context>
    <context>
        <name>NewUserDialog</name>
        <message>
            <source>New user</source>
            <translation>新增用户</translation>
        </message>
        <message>
            <source>letters and digits, e.g. zhangwei</source>
            <translation>字母和数字，例如 zhangwei</translation>
        </message>
        <message>
            <source>User name</source>
            <translation>用户名</translation>
        </message>
        <message>
            <source>Full name</source>
            <translation>姓名</translation>
        </message>
        <message>
            <source>Role</source>
            <translation>角色</translation>
        </message>
    </context>
    <context>
        <name>Notifier</name>
        <message>
            <source>Attention</source>
            <translation>注意</translation>
        </message>
    </context>
    <context>
        <name>Operations</name>
        <message>
            <source>{text} (details in the log {path})</source>
            <translation>{text}（详情见日志 {path}）</translation>
        </message>
    </context>
    <context>
        <name>Panels</name>
        <message>
            <source>Floor</source>
            <translation>机房平面</translation>
        </message>
        <message>
            <source>Alarms</source>
            <translation>告警</translation>
        </message>
        <message>
            <source>Environment</source>
            <translation>环境监控</translation>
        </message>
        <message>
            <source>Shift</source>
            <translation>值班</translation>
        </message>
        <message>
            <source>Inspections</source>
            <translation>巡检</translation>
        </message>
        <message>
            <source>Roster</source>
            <translation>排班</translation>
        </message>
        <message>
            <source>Equipment register</source>
            <translation>设备台账</translation>
        </message>
        <message>
            <source>User management</source>
            <translation>用户管理</translation>
        </message>
        <message>
            <source>Audit log</source>
            <translation>审计日志</translation>
        </message>
        <message>
            <source>Settings</source>
            <translation>设置</translation>
        </message>
    </context>
    <context>
        <name>PasswordDialog</name>
        <message>
            <source>New password for {name}</source>
            <translation>为 {name} 设置新密码</translation>
        </message>
    </context>
    <context>
        <name>PdfExport</name>
        <message>
            <source>Printing is not available in this installation: the report {function} is missing. Ask the administrator to update OpsDesk.</source>
            <translation>本安装无法打印：缺少报表功能 {function}。请联系系统管理员更新运维台。</translation>
        </message>
        <message>
            <source>Saved to {path}</source>
            <translation>已保存到 {path}</translation>
        </message>
        <message>
            <source>Could not write the file: {error}</source>
            <translation>无法写入文件：{error}</translation>
        </message>
    </context>
    <context>
        <name>PdfPrint</name>
        <message>
            <source>Printing needs poppler's pdftoppm, which is not installed on this computer. Ask the administrator to install poppler-utils. The PDF can still be saved and printed from a PDF viewer.</source>
            <translation>打印需要 poppler 的 pdftoppm，本机未安装。请管理员安装 poppler-utils。仍可导出 PDF 后用 PDF 阅读器打印。</translation>
        </message>
        <message>
            <source>The PDF has no pages to print.</source>
            <translation>该 PDF 没有可打印的页面。</translation>
        </message>
        <message>
            <source>The PDF could not be read for printing: {detail}</source>
            <translation>无法读取该 PDF 进行打印：{detail}</translation>
        </message>
        <message>
            <source>the printer could not be opened</source>
            <translation>无法打开打印机</translation>
        </message>
        <message>
            <source>OpsDesk sheet</source>
            <translation>巡检表</translation>
        </message>
        <message>
            <source>Print preview</source>
            <translation>打印预览</translation>
        </message>
    </context>
    <context>
        <name>PollerControl</name>
        <message>
            <source>The poller runs on another computer ({holder}); stop it there.</source>
            <translation>轮询进程运行在另一台电脑上（{holder}），请在那台电脑上停止。</translation>
        </message>
        <message>
            <source>The poller ({holder}) runs as another user (a service?); stop it with systemctl stop opsdesk-poller.</source>
            <translation>轮询进程（{holder}）以其他用户身份运行（可能是系统服务），请用 systemctl stop opsdesk-poller 停止。</translation>
        </message>
    </context>
    <context>
        <name>PollerStatusLabel</name>
        <message>
            <source>Polling: started {time}, first cycle running; {counts}</source>
            <translation>轮询：{time} 启动，首轮进行中；{counts}</translation>
        </message>
        <message>
            <source>Polling: last {time}, took {seconds} s; {counts}</source>
            <translation>轮询：上次 {time}，耗时 {seconds} 秒；{counts}</translation>
        </message>
        <message>
            <source>Poller {holder}, running since {since}; last heartbeat {beat}</source>
            <translation>轮询进程 {holder}，{since} 起运行；最近心跳 {beat}</translation>
        </message>
        <message>
            <source>A device that does not answer is asked one short request per interval; the moment it answers it is read in full.</source>
            <translation>无应答的设备每个轮询间隔只发一次简短请求，一旦应答即完整读取。</translation>
        </message>
        <message>
            <source>Poller starting…</source>
            <translation>轮询进程启动中…</translation>
        </message>
        <message>
            <source>Log: {path}</source>
            <translation>日志：{path}</translation>
        </message>
        <message>
            <source>Poller not running</source>
            <translation>轮询进程未运行</translation>
        </message>
        <message>
            <source>No device is being polled: no alarms are raised until a poller runs.</source>
            <translation>当前没有轮询任何设备：轮询进程运行之前不会产生告警。</translation>
        </message>
        <message>
            <source>Last heartbeat {beat} from {holder}</source>
            <translation>最近心跳 {beat}，来自 {holder}</translation>
        </message>
        <message>
            <source>As last polled: {counts}</source>
            <translation>最近一次轮询：{counts}</translation>
        </message>
        <message>
            <source>answering {n}</source>
            <translation>应答 {n}</translation>
        </message>
        <message>
            <source>silent {n}</source>
            <translation>无应答 {n}</translation>
        </message>
        <message>
            <source>unreachable, probed {n}</source>
            <translation>离线探测 {n}</translation>
        </message>
        <message>
            <source>no profile {n}</source>
            <translation>无匹配型号 {n}</translation>
        </message>
        <message>
            <source>not yet polled {n}</source>
            <translation>待轮询 {n}</translation>
        </message>
        <message>
            <source>{total} devices: {parts}</source>
            <translation>共 {total} 台：{parts}</translation>
        </message>
    </context>
    <context>
        <name>ProfileWizard</name>
        <message>
            <source>MIB module {module} was not found: add its file too.</source>
            <translation>找不到 MIB 模块 {module}：请把它的文件也添加进来。</translation>
        </message>
        <message>
            <source>MIB module {module} imports {missing}, which OpsDesk does not have: add that file too.</source>
            <translation>MIB 模块 {module} 引用了 {missing}，OpsDesk 未自带该模块：请把该文件也添加进来。</translation>
        </message>
        <message>
            <source>Only a supervisor or an administrator may save a device profile.</source>
            <translation>只有审核人或管理员可以保存设备型号。</translation>
        </message>
        <message>
            <source>Device type wizard: {device}</source>
            <translation>设备型号向导：{device}</translation>
        </message>
        <message>
            <source>&lt; Back</source>
            <translation>&lt; 上一步</translation>
        </message>
        <message>
            <source>Next &gt;</source>
            <translation>下一步 &gt;</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>Finish</source>
            <translation>完成</translation>
        </message>
    </context>
    <context>
        <name>ProposalsPage</name>
        <message>
            <source>Proposed readings</source>
            <translation>建议的读数</translation>
        </message>
        <message>
            <source>Tick the readings to keep and give each the name the duty room uses (double-click a name to change it).</source>
            <translation>勾选要保留的读数，并给每项起值班室习惯的名称（双击名称即可修改）。</translation>
        </message>
        <message>
            <source>Profile id</source>
            <translation>档案标识</translation>
        </message>
        <message>
            <source>Profile name</source>
            <translation>档案名称</translation>
        </message>
        <message>
            <source>Keep</source>
            <translation>选用</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>名称</translation>
        </message>
        <message>
            <source>Role</source>
            <translation>角色</translation>
        </message>
        <message>
            <source>Unit</source>
            <translation>单位</translation>
        </message>
        <message>
            <source>Value now</source>
            <translation>当前值</translation>
        </message>
        <message>
            <source>Severity</source>
            <translation>级别</translation>
        </message>
        <message>
            <source>MIB object</source>
            <translation>MIB 对象</translation>
        </message>
        <message>
            <source>(not in the walk)</source>
            <translation>（读取结果中没有）</translation>
        </message>
        <message>
            <source>{value} (and {n} more rows)</source>
            <translation>{value}（另有 {n} 行）</translation>
        </message>
        <message>
            <source>Normal</source>
            <translation>正常</translation>
        </message>
        <message>
            <source>Unknown</source>
            <translation>未知</translation>
        </message>
        <message>
            <source>{n} of {m} readings kept.</source>
            <translation>已选 {n} / {m} 项读数。</translation>
        </message>
    </context>
    <context>
        <name>QAbstractFileIconProvider</name>
        <message>
            <source>Folder</source>
            <translation>文件夹</translation>
        </message>
        <message>
            <source>Drive</source>
            <translation>驱动器</translation>
        </message>
    </context>
    <context>
        <name>QCupsJobWidget</name>
        <message>
            <source>&amp;Billing information:</source>
            <translation>计费信息(&amp;B)：</translation>
        </message>
        <message>
            <source>Job &amp;priority:</source>
            <translation>作业优先级(&amp;P)：</translation>
        </message>
        <message>
            <source>Scheduled &amp;printing:</source>
            <translation>定时打印(&amp;P)：</translation>
        </message>
        <message>
            <source>&amp;Start:</source>
            <translation>开始(&amp;S)：</translation>
        </message>
        <message>
            <source>&amp;End:</source>
            <translation>结束(&amp;E)：</translation>
        </message>
    </context>
    <context>
        <name>QFileDialog</name>
        <message>
            <source>&amp;Look in:</source>
            <translation>查找范围(&amp;L)：</translation>
        </message>
        <message>
            <source>Files of &amp;type:</source>
            <translation>文件类型(&amp;T)：</translation>
        </message>
    </context>
    <context>
        <name>QPageSetupWidget</name>
        <message>
            <source>Page &amp;order:</source>
            <translation>页序(&amp;O)：</translation>
        </message>
        <message>
            <source>Pages &amp;per sheet:</source>
            <translation>每张页数(&amp;P)：</translation>
        </message>
    </context>
    <context>
        <name>QPrintSettingsOutput</name>
        <message>
            <source>Page &amp;Set:</source>
            <translation>奇偶页(&amp;S)：</translation>
        </message>
    </context>
    <context>
        <name>RackElevation</name>
        <message>
            <source>Single PDU</source>
            <translation>单路PDU供电</translation>
        </message>
        <message>
            <source>Power: {feeds}</source>
            <translation>供电：{feeds}</translation>
        </message>
        <message>
            <source>Fed from a single PDU: no redundancy (R-FLOOR-4).</source>
            <translation>仅由一路 PDU 供电，没有冗余。</translation>
        </message>
    </context>
    <context>
        <name>ReadingsTreeModel</name>
        <message>
            <source>Reading</source>
            <translation>读数</translation>
        </message>
        <message>
            <source>Value</source>
            <translation>数值</translation>
        </message>
        <message>
            <source>Read at</source>
            <translation>读取时间</translation>
        </message>
    </context>
    <context>
        <name>RegisterFilterBar</name>
        <message>
            <source>All sites</source>
            <translation>全部站点</translation>
        </message>
        <message>
            <source>All categories</source>
            <translation>全部类别</translation>
        </message>
        <message>
            <source>Any warranty status</source>
            <translation>全部保修状态</translation>
        </message>
        <message>
            <source>Search name, model, asset tag, IP…</source>
            <translation>搜索名称、型号、资产编号、IP…</translation>
        </message>
        <message>
            <source>Warranty status is judged on this day</source>
            <translation>按此日期判断保修状态</translation>
        </message>
        <message>
            <source>As of</source>
            <translation>截至</translation>
        </message>
    </context>
    <context>
        <name>RegisterPanel</name>
        <message>
            <source>Equipment register</source>
            <translation>设备台账</translation>
        </message>
        <message>
            <source>Add</source>
            <translation>新增</translation>
        </message>
        <message>
            <source>Edit</source>
            <translation>编辑</translation>
        </message>
        <message>
            <source>View</source>
            <translation>查看</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>删除</translation>
        </message>
        <message>
            <source>Import CSV</source>
            <translation>导入CSV</translation>
        </message>
        <message>
            <source>Export CSV</source>
            <translation>导出CSV</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>刷新</translation>
        </message>
        <message>
            <source>{lines} lines / {units} units</source>
            <translation>共 {lines} 行 / {units} 台</translation>
        </message>
        <message>
            <source>Delete the register line “{title}” with its {n} units? This is recorded in the audit log.</source>
            <translation>删除台账行“{title}”及其 {n} 台设备？此操作将记入审计日志。</translation>
        </message>
        <message>
            <source>Delete register line</source>
            <translation>删除台账行</translation>
        </message>
        <message>
            <source>Import register CSV</source>
            <translation>导入台账CSV</translation>
        </message>
        <message>
            <source>CSV files (*.csv);;All files (*)</source>
            <translation>CSV 文件 (*.csv);;所有文件 (*)</translation>
        </message>
        <message>
            <source>Import refused</source>
            <translation>导入被拒绝</translation>
        </message>
        <message>
            <source>Import finished</source>
            <translation>导入完成</translation>
        </message>
        <message>
            <source>Export register CSV</source>
            <translation>导出台账CSV</translation>
        </message>
        <message>
            <source>CSV files (*.csv)</source>
            <translation>CSV 文件 (*.csv)</translation>
        </message>
        <message>
            <source>Export failed</source>
            <translation>导出失败</translation>
        </message>
        <message>
            <source>{n} units written to {path}</source>
            <translation>已导出 {n} 台设备到 {path}</translation>
        </message>
    </context>
    <context>
        <name>RegisterTableModel</name>
        <message>
            <source>Site</source>
            <translation>站点</translation>
        </message>
        <message>
            <source>Category</source>
            <translation>类别</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>名称</translation>
        </message>
        <message>
            <source>Brand</source>
            <translation>品牌</translation>
        </message>
        <message>
            <source>Model</source>
            <translation>型号</translation>
        </message>
        <message>
            <source>Purchased</source>
            <translation>购置年月</translation>
        </message>
        <message>
            <source>Warranty (years)</source>
            <translation>保修年限</translation>
        </message>
        <message>
            <source>Warranty ends</source>
            <translation>保修截止</translation>
        </message>
        <message>
            <source>Quantity</source>
            <translation>数量</translation>
        </message>
        <message>
            <source>Warranty status</source>
            <translation>保修状态</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>备注</translation>
        </message>
    </context>
    <context>
        <name>ReviewQueuePage</name>
        <message>
            <source>Open sheet to review</source>
            <translation>打开巡检表审核</translation>
        </message>
        <message>
            <source>Sheets the inspector has signed, waiting for your signature as reviewer. Select one with the arrow keys and press Enter to open it.</source>
            <translation>以下巡检表巡检人已签字，等待您作为审核人签字。用方向键选择，按 Enter 键打开。</translation>
        </message>
        <message>
            <source>Nothing waits for your review.</source>
            <translation>没有待您审核的巡检表。</translation>
        </message>
        <message>
            <source>{n} sheets wait for your review · {late} signed after their due date</source>
            <translation>待您审核 {n} 份 · 其中 {late} 份逾期签字</translation>
        </message>
        <message>
            <source>{n} sheets wait for your review</source>
            <translation>待您审核 {n} 份</translation>
        </message>
    </context>
    <context>
        <name>ReviewTable</name>
        <message>
            <source>Signed by the inspector</source>
            <translation>巡检人签字时间</translation>
        </message>
        <message>
            <source>Site</source>
            <translation>站点</translation>
        </message>
        <message>
            <source>Inspection</source>
            <translation>巡检项目</translation>
        </message>
        <message>
            <source>Due date</source>
            <translation>到期日</translation>
        </message>
        <message>
            <source>Inspector</source>
            <translation>巡检人</translation>
        </message>
        <message>
            <source>Abnormal</source>
            <translation>异常</translation>
        </message>
        <message>
            <source>{time} ({n} days late)</source>
            <translation>{time}（逾期 {n} 天）</translation>
        </message>
        <message>
            <source>{time} (on time)</source>
            <translation>{time}（按时）</translation>
        </message>
        <message>
            <source> ({provisional})</source>
            <translation>（{provisional}）</translation>
        </message>
    </context>
    <context>
        <name>RevisionsDialog</name>
        <message>
            <source>Revisions · {title}</source>
            <translation>修订记录 · {title}</translation>
        </message>
        <message>
            <source>Revision {n} · {time}
{names}</source>
            <translation>第 {n} 版 · {time}
{names}</translation>
        </message>
        <message>
            <source>Correction: {reason}</source>
            <translation>更正原因：{reason}</translation>
        </message>
        <message>
            <source>Export this revision as PDF…</source>
            <translation>导出此版本 PDF…</translation>
        </message>
        <message>
            <source>Revision {n}, frozen {time} by {who}</source>
            <translation>第 {n} 版，{time} 由 {who} 冻结</translation>
        </message>
        <message>
            <source>{meaning}: {name}, {time}</source>
            <translation>{meaning}：{name}，{time}</translation>
        </message>
        <message>
            <source>Findings: {text}</source>
            <translation>巡检发现：{text}</translation>
        </message>
        <message>
            <source>Advice: {text}</source>
            <translation>处理建议：{text}</translation>
        </message>
    </context>
    <context>
        <name>RoleDialog</name>
        <message>
            <source>Role of {name}</source>
            <translation>{name} 的角色</translation>
        </message>
        <message>
            <source>Role</source>
            <translation>角色</translation>
        </message>
    </context>
    <context>
        <name>RoomLimitsDialog</name>
        <message>
            <source>Room limits</source>
            <translation>机房限值</translation>
        </message>
        <message>
            <source>Limits of {room}</source>
            <translation>{room} 的限值</translation>
        </message>
        <message>
            <source>Outside the band the monitor raises an alarm for this room's temperature and humidity points; without a band of its own the room follows the site-wide setting.</source>
            <translation>超出范围时，监控将对本机房的温湿度测点告警；未单独设定的，沿用全局设置。</translation>
        </message>
        <message>
            <source>Lower limit</source>
            <translation>下限</translation>
        </message>
        <message>
            <source>Upper limit</source>
            <translation>上限</translation>
        </message>
        <message>
            <source>Own temperature band</source>
            <translation>本机房温度范围</translation>
        </message>
        <message>
            <source>Own humidity band</source>
            <translation>本机房湿度范围</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>保存</translation>
        </message>
    </context>
    <context>
        <name>RosterModel</name>
        <message>
            <source>On duty</source>
            <translation>在岗人数</translation>
        </message>
        <message>
            <source>work</source>
            <translation>班</translation>
        </message>
        <message>
            <source>off</source>
            <translation>休</translation>
        </message>
        <message>
            <source>not rostered</source>
            <translation>未排班</translation>
        </message>
        <message>
            <source>{day}: day shift {d}, night shift {n}</source>
            <translation>{day}：白班 {d} 人，夜班 {n} 人</translation>
        </message>
    </context>
    <context>
        <name>RosterPanel</name>
        <message>
            <source>Roster</source>
            <translation>排班</translation>
        </message>
        <message>
            <source>Generate by working days…</source>
            <translation>按工作日生成…</translation>
        </message>
        <message>
            <source>Request leave…</source>
            <translation>申请请假…</translation>
        </message>
        <message>
            <source>Print roster…</source>
            <translation>打印排班表…</translation>
        </message>
        <message>
            <source>Grey days are days off</source>
            <translation>灰底：休息日</translation>
        </message>
        <message>
            <source>Amber days are adjusted working days (marked “work”)</source>
            <translation>黄底：调休上班日（标“班”）</translation>
        </message>
        <message>
            <source>Select cells, then 1 day · 2 night · 3 off · Delete clears; double-click steps through</source>
            <translation>选中单元格后按 1 白班 · 2 夜班 · 3 休息 · Delete 清除；双击依次切换</translation>
        </message>
        <message>
            <source>{month}/{year}</source>
            <translation>{year}年{month}月</translation>
        </message>
        <message>
            <source>The roster meets the rules for this month</source>
            <translation>本月排班符合值守人数规则</translation>
        </message>
        <message>
            <source>Rules check ({n} problems)</source>
            <translation>排班检查（{n} 个问题）</translation>
        </message>
        <message>
            <source>Clear</source>
            <translation>清除</translation>
        </message>
        <message>
            <source>Save roster</source>
            <translation>保存排班表</translation>
        </message>
    </context>
    <context>
        <name>SavePage</name>
        <message>
            <source>Save</source>
            <translation>保存</translation>
        </message>
        <message>
            <source>Saved in the database as the profile's next version, in the audit trail; the poller reads it from its next cycle.</source>
            <translation>保存到数据库，作为该档案的新版本并记入审计日志；轮询程序将在下一周期使用。</translation>
        </message>
        <message>
            <source>Only a supervisor or an administrator may save a device profile.</source>
            <translation>只有审核人或管理员可以保存设备型号。</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>备注</translation>
        </message>
        <message>
            <source>{n} readings of {device} as device profile {id} ({name}).</source>
            <translation>将 {device} 的 {n} 项读数保存为设备档案 {id}（{name}）。</translation>
        </message>
        <message>
            <source>Device type wizard: {device}</source>
            <translation>设备型号向导：{device}</translation>
        </message>
        <message>
            <source>Saved as version {version}; the poller uses it from its next cycle.</source>
            <translation>已保存为第 {version} 版；轮询程序将在下一周期使用。</translation>
        </message>
    </context>
    <context>
        <name>SecretEdit</name>
        <message>
            <source>Leave empty to keep unchanged</source>
            <translation>留空表示不变</translation>
        </message>
        <message>
            <source>Only an administrator may set SNMP secrets.</source>
            <translation>只有管理员可以设置SNMP密钥。</translation>
        </message>
        <message>
            <source>Set</source>
            <translation>已设置</translation>
        </message>
        <message>
            <source>Not set</source>
            <translation>未设置</translation>
        </message>
    </context>
    <context>
        <name>SectionModel</name>
        <message>
            <source>Asset tag</source>
            <translation>资产编号</translation>
        </message>
        <message>
            <source>Device</source>
            <translation>设备</translation>
        </message>
        <message>
            <source>Expected: {range}</source>
            <translation>应在范围：{range}</translation>
        </message>
        <message>
            <source>From the monitor, read at {time}</source>
            <translation>监控读数，读取时间 {time}</translation>
        </message>
        <message>
            <source>Entered by {who}</source>
            <translation>录入人：{who}</translation>
        </message>
        <message>
            <source>Note: {note}</source>
            <translation>说明：{note}</translation>
        </message>
        <message>
            <source>Double-click or press Enter to fill in</source>
            <translation>双击或按 Enter 键填写</translation>
        </message>
    </context>
    <context>
        <name>SettingsEditors</name>
        <message>
            <source>on</source>
            <translation>开启</translation>
        </message>
        <message>
            <source>off</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>none</source>
            <translation>无</translation>
        </message>
        <message>
            <source>Default {value}</source>
            <translation>默认 {value}</translation>
        </message>
        <message>
            <source>On</source>
            <translation>开启</translation>
        </message>
        <message>
            <source>e.g. 2026-10-01, empty for none</source>
            <translation>如 2026-10-01，留空表示不限</translation>
        </message>
        <message>
            <source>Use the site-wide setting</source>
            <translation>使用全局设置</translation>
        </message>
    </context>
    <context>
        <name>SettingsPanel</name>
        <message>
            <source>Settings</source>
            <translation>设置</translation>
        </message>
        <message>
            <source>Shared by every console of this site; each change is kept in the audit log.</source>
            <translation>本站点所有控制台共用；每次更改都记入审计日志。</translation>
        </message>
        <message>
            <source>Revert</source>
            <translation>还原</translation>
        </message>
        <message>
            <source>Discard the changes not yet saved</source>
            <translation>放弃尚未保存的更改</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>保存</translation>
        </message>
        <message>
            <source>Save the changes (Ctrl+S)</source>
            <translation>保存更改（Ctrl+S）</translation>
        </message>
        <message>
            <source>Limits per machine room</source>
            <translation>各机房温湿度限值</translation>
        </message>
        <message>
            <source>Temperature</source>
            <translation>温度</translation>
        </message>
        <message>
            <source>Humidity</source>
            <translation>湿度</translation>
        </message>
        <message>
            <source>Settings saved ({n} changed).</source>
            <translation>设置已保存（{n} 项更改）。</translation>
        </message>
        <message>
            <source>Nothing was saved: correct the fields marked in red.</source>
            <translation>未保存任何更改：请更正标红的项目。</translation>
        </message>
        <message>
            <source>Saving…</source>
            <translation>正在保存…</translation>
        </message>
        <message>
            <source>Reading the settings…</source>
            <translation>正在读取设置…</translation>
        </message>
        <message>
            <source>{n} changes not saved</source>
            <translation>{n} 项更改尚未保存</translation>
        </message>
        <message>
            <source>No unsaved changes</source>
            <translation>没有未保存的更改</translation>
        </message>
    </context>
    <context>
        <name>SheetEditor</name>
        <message>
            <source>‹ Calendar</source>
            <translation>‹ 巡检日历</translation>
        </message>
        <message>
            <source>Fill from the monitor</source>
            <translation>填入监控读数</translation>
        </message>
        <message>
            <source>Sign as inspector…</source>
            <translation>巡检人签字…</translation>
        </message>
        <message>
            <source>Sign as reviewer…</source>
            <translation>审核人签字…</translation>
        </message>
        <message>
            <source>Correct…</source>
            <translation>更正…</translation>
        </message>
        <message>
            <source>Revisions…</source>
            <translation>修订记录…</translation>
        </message>
        <message>
            <source>Export PDF…</source>
            <translation>导出 PDF…</translation>
        </message>
        <message>
            <source>Print preview</source>
            <translation>打印预览</translation>
        </message>
        <message>
            <source>Print…</source>
            <translation>打印…</translation>
        </message>
        <message>
            <source>Blank form…</source>
            <translation>空白表…</translation>
        </message>
        <message>
            <source>What the inspection found: faults, risks, anything unusual</source>
            <translation>巡检中发现的问题：故障、隐患、异常情况</translation>
        </message>
        <message>
            <source>What should be done about it, by whom and when</source>
            <translation>处理建议：由谁、何时、如何处理</translation>
        </message>
        <message>
            <source>Save findings</source>
            <translation>保存</translation>
        </message>
        <message>
            <source>Findings and advice</source>
            <translation>巡检发现与处理建议</translation>
        </message>
        <message>
            <source>Findings</source>
            <translation>巡检发现</translation>
        </message>
        <message>
            <source>Advice</source>
            <translation>处理建议</translation>
        </message>
        <message>
            <source>Keys: arrows move · type or Enter to fill · 1 normal, 2 abnormal, 3 not applicable · Tab next item while filling · Ctrl+PgDn next class · Ctrl+M fill from the monitor · Ctrl+Shift+S sign · Ctrl+P print</source>
            <translation>键盘：方向键移动 · 直接输入或按 Enter 键填写 · 1 正常、2 异常、3 不适用 · 填写中按 Tab 键到下一项 · Ctrl+PgDn 下一类设备 · Ctrl+M 从监控填入 · Ctrl+Shift+S 签字 · Ctrl+P 打印</translation>
        </message>
        <message>
            <source>Due {date}</source>
            <translation>到期 {date}</translation>
        </message>
        <message>
            <source> ({provisional})</source>
            <translation>（{provisional}）</translation>
        </message>
        <message>
            <source>{meaning}: {name}, {time}</source>
            <translation>{meaning}：{name}，{time}</translation>
        </message>
        <message>
            <source>Revision {n}</source>
            <translation>第 {n} 版</translation>
        </message>
        <message>
            <source>Not signed yet</source>
            <translation>尚未签字</translation>
        </message>
        <message>
            <source>Signed by inspector and reviewer and locked. A change is a correction: a new revision with a reason, signed again by both.</source>
            <translation>巡检人和审核人均已签字，表格已锁定。如需修改须走更正：新版本并写明原因，双方重新签字。</translation>
        </message>
        <message>
            <source>Signed by the inspector and locked; waiting for the reviewer's signature.</source>
            <translation>巡检人已签字，表格已锁定，等待审核人签字。</translation>
        </message>
        <message>
            <source>Being corrected after revision {n}: the next signatures make revision {m}.</source>
            <translation>正在更正第 {n} 版：再次签字后生成第 {m} 版。</translation>
        </message>
        <message>
            <source>Completed late: the inspector signed on {date}, {n} days after the due date</source>
            <translation>逾期完成：巡检人于 {date} 签字，晚于到期日 {n} 天</translation>
        </message>
        <message>
            <source>Completed on time: the inspector signed on {date}</source>
            <translation>按时完成：巡检人于 {date} 签字</translation>
        </message>
        <message>
            <source>Filled {filled} of {total}</source>
            <translation>已填 {filled} / {total}</translation>
        </message>
        <message>
            <source> · {n} abnormal</source>
            <translation> · 异常 {n} 项</translation>
        </message>
        <message>
            <source>{label}: enter a number, or n/a.</source>
            <translation>{label}：请输入数值，或填“不适用”。</translation>
        </message>
        <message>
            <source>{device} · {item}: say why this item does not apply.</source>
            <translation>{device} · {item}：请说明为何不适用。</translation>
        </message>
        <message>
            <source>{device} · {item}: {value} is outside the expected range {range}. What was found and what is being done?</source>
            <translation>{device} · {item}：{value} 超出应在范围 {range}。请说明发现的情况和处理措施。</translation>
        </message>
        <message>
            <source>{device} · {item} is abnormal. What was found and what is being done?</source>
            <translation>{device} · {item} 异常。请说明发现的情况和处理措施。</translation>
        </message>
        <message>
            <source>Note required</source>
            <translation>需要填写说明</translation>
        </message>
        <message>
            <source>e.g. filter cleaned, vendor called, re-measured at 14:00</source>
            <translation>例如：已清洗滤网、已联系厂家、14:00 复测</translation>
        </message>
        <message>
            <source>{n} items filled from the monitor's latest readings.</source>
            <translation>已从监控最新读数填入 {n} 项。</translation>
        </message>
        <message>
            <source>Correct a signed sheet</source>
            <translation>更正已签字的巡检表</translation>
        </message>
        <message>
            <source>The signed revision stays readable. The sheet opens for changes and must be signed again by both; the new revision keeps this reason.</source>
            <translation>已签字的版本仍可查阅。表格重新开放修改，须由双方再次签字；新版本将记录此更正原因。</translation>
        </message>
        <message>
            <source>Why the signed sheet must change</source>
            <translation>更正原因</translation>
        </message>
        <message>
            <source>Start correction</source>
            <translation>开始更正</translation>
        </message>
        <message>
            <source>Export inspection sheet</source>
            <translation>导出巡检表</translation>
        </message>
        <message>
            <source>Blank inspection form</source>
            <translation>空白巡检表</translation>
        </message>
        <message>
            <source>-blank</source>
            <translation>-空白表</translation>
        </message>
    </context>
    <context>
        <name>ShiftChip</name>
        <message>
            <source>Double-click to open this shift's record</source>
            <translation>双击查看该班次记录</translation>
        </message>
    </context>
    <context>
        <name>ShiftHeader</name>
        <message>
            <source>Correct…</source>
            <translation>更正…</translation>
        </message>
        <message>
            <source>Sign…</source>
            <translation>签字…</translation>
        </message>
        <message>
            <source>{site} · {day} {shift} {window}</source>
            <translation>{site} · {day} {shift} {window}</translation>
        </message>
        <message>
            <source>On duty: {people} · Checklist version {version}</source>
            <translation>值班人员：{people} · 检查表第 {version} 版</translation>
        </message>
        <message>
            <source>Done {done}/{total}, required open {n}</source>
            <translation>已完成 {done}/{total}，必检未完成 {n}</translation>
        </message>
        <message>
            <source>Done {done}/{total}, all required items done</source>
            <translation>已完成 {done}/{total}，必检项已全部完成</translation>
        </message>
        <message>
            <source>Past the shift's end ({end}) with required items open</source>
            <translation>已过班次结束时间（{end}），必检项仍未完成</translation>
        </message>
        <message>
            <source>Signed and locked, revision {n}</source>
            <translation>已签字锁定 第 {n} 版</translation>
        </message>
        <message>
            <source>Corrected: revision {n} ({reason}) needs both signatures again</source>
            <translation>已更正：第 {n} 版（{reason}）须交接班双方重新签字</translation>
        </message>
    </context>
    <context>
        <name>ShiftPanel</name>
        <message>
            <source>Shift</source>
            <translation>值班</translation>
        </message>
        <message>
            <source>&amp;Current shift</source>
            <translation>当前班次(&amp;C)</translation>
        </message>
        <message>
            <source>H&amp;istory</source>
            <translation>历史记录(&amp;I)</translation>
        </message>
        <message>
            <source>Checklist te&amp;mplate…</source>
            <translation>检查表模板(&amp;M)…</translation>
        </message>
    </context>
    <context>
        <name>ShiftRecordDialog</name>
        <message>
            <source>Shift record {day} {shift}</source>
            <translation>值班记录 {day} {shift}</translation>
        </message>
        <message>
            <source>{site} · {day} {shift} {window}</source>
            <translation>{site} · {day} {shift} {window}</translation>
        </message>
        <message>
            <source>On duty: {people}</source>
            <translation>值班人员：{people}</translation>
        </message>
        <message>
            <source>Outgoing: {name}</source>
            <translation>交班人：{name}</translation>
        </message>
        <message>
            <source>Incoming: {name}</source>
            <translation>接班人：{name}</translation>
        </message>
        <message>
            <source>The record as it stands</source>
            <translation>当前记录</translation>
        </message>
        <message>
            <source>Signed revisions ({n})</source>
            <translation>签字版本（{n}）</translation>
        </message>
        <message>
            <source>&amp;Print handover record…</source>
            <translation>打印交班记录(&amp;P)…</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>Revision {n} · {time}</source>
            <translation>第 {n} 版 · {time}</translation>
        </message>
        <message>
            <source>Reason: {reason}</source>
            <translation>原因：{reason}</translation>
        </message>
        <message>
            <source>Not signed yet</source>
            <translation>尚未签字</translation>
        </message>
        <message>
            <source>Handover notes: {notes}</source>
            <translation>交班说明：{notes}</translation>
        </message>
    </context>
    <context>
        <name>SignDialog</name>
        <message>
            <source>Sign as {meaning}</source>
            <translation>以{meaning}身份签字</translation>
        </message>
        <message>
            <source>Sign as {meaning} · {title}</source>
            <translation>以{meaning}身份签字 · {title}</translation>
        </message>
        <message>
            <source>By signing I confirm that I carried out this inspection and that the sheet is complete and true.</source>
            <translation>签字即确认本人已完成本次巡检，巡检表内容完整、真实。</translation>
        </message>
        <message>
            <source>By signing I confirm, for the hospital, that I have reviewed this inspection sheet.</source>
            <translation>签字即代表院方确认已审核本巡检表。</translation>
        </message>
        <message>
            <source>Your login password</source>
            <translation>本人登录密码</translation>
        </message>
        <message>
            <source>Signer</source>
            <translation>签字人</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>密码</translation>
        </message>
        <message>
            <source>Sign</source>
            <translation>签字</translation>
        </message>
        <message>
            <source>Checking…</source>
            <translation>正在核对…</translation>
        </message>
    </context>
    <context>
        <name>SignaturePad</name>
        <message>
            <source>Sign with the mouse or a pen (optional)</source>
            <translation>可用鼠标或手写笔签名（选填）</translation>
        </message>
        <message>
            <source>Clear signature</source>
            <translation>清除签名</translation>
        </message>
    </context>
    <context>
        <name>SiteMonth</name>
        <message>
            <source>‹ Previous month</source>
            <translation>‹ 上月</translation>
        </message>
        <message>
            <source>Next month ›</source>
            <translation>下月 ›</translation>
        </message>
        <message>
            <source>This month</source>
            <translation>本月</translation>
        </message>
        <message>
            <source>Site</source>
            <translation>站点</translation>
        </message>
    </context>
    <context>
        <name>SiteOverviewPanel</name>
        <message>
            <source>This site has no machine room with a floor plan: its institutions and their devices are listed here. ↑↓ choose, → opens an institution, Enter opens a device.</source>
            <translation>该站点没有带平面图的机房，下面按机构列出设备及其状态。↑↓ 选择，→ 展开机构，回车打开设备。</translation>
        </message>
        <message>
            <source>Institution / device</source>
            <translation>机构 / 设备</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>类型</translation>
        </message>
        <message>
            <source>State</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Devices</source>
            <translation>设备数</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>说明</translation>
        </message>
        <message>
            <source>{site} · {places} institutions · {devices} devices</source>
            <translation>{site} · {places} 家机构 · {devices} 台设备</translation>
        </message>
        <message>
            <source>(no institution)</source>
            <translation>（未归属机构）</translation>
        </message>
        <message>
            <source>{tag}: {what}</source>
            <translation>{tag}：{what}</translation>
        </message>
        <message>
            <source>No device registered</source>
            <translation>未登记设备</translation>
        </message>
        <message>
            <source>Enter or double-click for the device's live status.</source>
            <translation>回车或双击查看设备实时状态。</translation>
        </message>
    </context>
    <context>
        <name>TemplateEditor</name>
        <message>
            <source>Checklist template</source>
            <translation>检查表模板</translation>
        </message>
        <message>
            <source>Title</source>
            <translation>标题</translation>
        </message>
        <message>
            <source>In force</source>
            <translation>当前版本</translation>
        </message>
        <message>
            <source>Group</source>
            <translation>分组</translation>
        </message>
        <message>
            <source>Item</source>
            <translation>检查项</translation>
        </message>
        <message>
            <source>Expected result</source>
            <translation>预期结果</translation>
        </message>
        <message>
            <source>Value source</source>
            <translation>取值方式</translation>
        </message>
        <message>
            <source>Required</source>
            <translation>必检</translation>
        </message>
        <message>
            <source>Shifts</source>
            <translation>适用班次</translation>
        </message>
        <message>
            <source>Add…</source>
            <translation>新增…</translation>
        </message>
        <message>
            <source>Edit…</source>
            <translation>编辑…</translation>
        </message>
        <message>
            <source>Remove</source>
            <translation>删除</translation>
        </message>
        <message>
            <source>Move up</source>
            <translation>上移</translation>
        </message>
        <message>
            <source>Move down</source>
            <translation>下移</translation>
        </message>
        <message>
            <source>Versions</source>
            <translation>版本历史</translation>
        </message>
        <message>
            <source>A shift keeps the version it started with; a saved change applies from the next shift.</source>
            <translation>已开始的班次沿用其开班时的版本；保存的修改从下一个开班的班次起生效。</translation>
        </message>
        <message>
            <source>Save as new version</source>
            <translation>保存为新版本</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>Version {n} · {who}
{time} · {count} items</source>
            <translation>第 {n} 版 · {who}
{time} · {count} 项</translation>
        </message>
        <message>
            <source>shipped</source>
            <translation>系统预置</translation>
        </message>
        <message>
            <source>Version {n}</source>
            <translation>第 {n} 版</translation>
        </message>
        <message>
            <source>Every shift</source>
            <translation>所有班次</translation>
        </message>
        <message>
            <source>Saved as version {n}; it applies from the next shift started.</source>
            <translation>已保存为第 {n} 版，从下一个开班的班次起生效。</translation>
        </message>
    </context>
    <context>
        <name>TemplateItemDialog</name>
        <message>
            <source>Written by the engineer</source>
            <translation>人工填写</translation>
        </message>
        <message>
            <source>Live value from the monitor</source>
            <translation>监控实时取值</translation>
        </message>
        <message>
            <source>Checked yes / no</source>
            <translation>检查是否正常</translation>
        </message>
        <message>
            <source>Highest reading</source>
            <translation>取最高读数</translation>
        </message>
        <message>
            <source>Lowest reading</source>
            <translation>取最低读数</translation>
        </message>
        <message>
            <source>Any device in a bad state</source>
            <translation>任一设备状态异常即异常</translation>
        </message>
        <message>
            <source>Checklist item</source>
            <translation>检查项</translation>
        </message>
        <message>
            <source>New checklist item</source>
            <translation>新增检查项</translation>
        </message>
        <message>
            <source>Letters and _, e.g. fire_extinguisher; never changes</source>
            <translation>字母和下划线，例如 fire_extinguisher；保存后不可更改</translation>
        </message>
        <message>
            <source>Required before sign-off</source>
            <translation>必检（未完成不能签字）</translation>
        </message>
        <message>
            <source>Day shift</source>
            <translation>白班</translation>
        </message>
        <message>
            <source>Night shift</source>
            <translation>夜班</translation>
        </message>
        <message>
            <source>from</source>
            <translation>从</translation>
        </message>
        <message>
            <source>to</source>
            <translation>至</translation>
        </message>
        <message>
            <source>unit</source>
            <translation>单位</translation>
        </message>
        <message>
            <source>Value taken</source>
            <translation>取值规则</translation>
        </message>
        <message>
            <source>Normal range</source>
            <translation>正常范围</translation>
        </message>
        <message>
            <source>Key</source>
            <translation>编号</translation>
        </message>
        <message>
            <source>Group</source>
            <translation>分组</translation>
        </message>
        <message>
            <source>Item</source>
            <translation>检查项名称</translation>
        </message>
        <message>
            <source>How to check</source>
            <translation>检查方法</translation>
        </message>
        <message>
            <source>Expected result</source>
            <translation>预期结果</translation>
        </message>
        <message>
            <source>Value source</source>
            <translation>取值方式</translation>
        </message>
        <message>
            <source>Shifts</source>
            <translation>适用班次</translation>
        </message>
        <message>
            <source>Readings</source>
            <translation>取值读数</translation>
        </message>
        <message>
            <source>OK</source>
            <translation>确定</translation>
        </message>
        <message>
            <source>Give the item a key.</source>
            <translation>请填写检查项编号。</translation>
        </message>
        <message>
            <source>The key {key} is used by another item.</source>
            <translation>编号 {key} 已被其他检查项使用。</translation>
        </message>
        <message>
            <source>Give the item a title.</source>
            <translation>请填写检查项名称。</translation>
        </message>
        <message>
            <source>Choose at least one shift.</source>
            <translation>请至少选择一个班次。</translation>
        </message>
        <message>
            <source>Tick the readings a live item is filled from.</source>
            <translation>请勾选实时取值项所依据的读数。</translation>
        </message>
    </context>
    <context>
        <name>TextDialog</name>
        <message>
            <source>OK</source>
            <translation>确定</translation>
        </message>
    </context>
    <context>
        <name>TickDialog</name>
        <message>
            <source>Checklist item</source>
            <translation>检查项</translation>
        </message>
        <message>
            <source>Correct a live value</source>
            <translation>修正实时取值</translation>
        </message>
        <message>
            <source>Correct a signed record</source>
            <translation>更正已签字记录</translation>
        </message>
        <message>
            <source>Expected: {expected}</source>
            <translation>预期：{expected}</translation>
        </message>
        <message>
            <source>Result</source>
            <translation>结论</translation>
        </message>
        <message>
            <source>{value} (live {time})</source>
            <translation>{value}（实时 {time}）</translation>
        </message>
        <message>
            <source>Monitor reading</source>
            <translation>监控读数</translation>
        </message>
        <message>
            <source>Result observed</source>
            <translation>检查结果</translation>
        </message>
        <message>
            <source>Value</source>
            <translation>取值</translation>
        </message>
        <message>
            <source>Follow-up</source>
            <translation>后续处理</translation>
        </message>
        <message>
            <source>What was started: who was called, which ticket, when to check again</source>
            <translation>已采取的措施：通知了谁、工单号、何时复查</translation>
        </message>
        <message>
            <source>Why the signed record changes, e.g. a late entry</source>
            <translation>更正原因，例如补记</translation>
        </message>
        <message>
            <source>Reason for the correction</source>
            <translation>更正原因</translation>
        </message>
        <message>
            <source>Why the monitor's reading is not taken, e.g. re-measured by hand</source>
            <translation>不采用监控读数的原因，例如已用手持仪表复测</translation>
        </message>
        <message>
            <source>Reason for the override</source>
            <translation>修正原因</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>备注</translation>
        </message>
        <message>
            <source>The signed revision stays in the history. After the correction both engineers sign again.</source>
            <translation>已签字的版本保留在历史记录中。更正后须交接班双方重新签字。</translation>
        </message>
        <message>
            <source>The monitor's reading and your reason are both kept in the record.</source>
            <translation>监控读数和您填写的原因都会保留在记录中。</translation>
        </message>
        <message>
            <source>Correct</source>
            <translation>更正</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>保存</translation>
        </message>
    </context>
    <context>
        <name>TrendChart</name>
        <message>
            <source>1 hour</source>
            <translation>1小时</translation>
        </message>
        <message>
            <source>24 hours</source>
            <translation>24小时</translation>
        </message>
        <message>
            <source>7 days</source>
            <translation>7天</translation>
        </message>
        <message>
            <source>30 days</source>
            <translation>30天</translation>
        </message>
        <message>
            <source>1 year</source>
            <translation>1年</translation>
        </message>
        <message>
            <source>Export PNG…</source>
            <translation>导出PNG…</translation>
        </message>
        <message>
            <source>Export CSV…</source>
            <translation>导出CSV…</translation>
        </message>
        <message>
            <source>Click a gauge to see its trend</source>
            <translation>点击上方仪表查看趋势</translation>
        </message>
        <message>
            <source>No readings in this range.</source>
            <translation>此时间范围内没有读数。</translation>
        </message>
        <message>
            <source>Low</source>
            <translation>下限</translation>
        </message>
        <message>
            <source>High</source>
            <translation>上限</translation>
        </message>
        <message>
            <source>Alarm</source>
            <translation>告警</translation>
        </message>
        <message>
            <source>lowest {low}, highest {high}</source>
            <translation>最低 {low}，最高 {high}</translation>
        </message>
        <message>
            <source>(lowest {low}, highest {high})</source>
            <translation>（最低 {low}，最高 {high}）</translation>
        </message>
        <message>
            <source>Export trend as PNG</source>
            <translation>导出趋势图为 PNG</translation>
        </message>
        <message>
            <source>PNG images (*.png)</source>
            <translation>PNG 图片 (*.png)</translation>
        </message>
        <message>
            <source>Saved {path}</source>
            <translation>已保存 {path}</translation>
        </message>
        <message>
            <source>Could not write {path}</source>
            <translation>无法写入 {path}</translation>
        </message>
        <message>
            <source>Export trend as CSV</source>
            <translation>导出趋势数据为 CSV</translation>
        </message>
        <message>
            <source>CSV files (*.csv)</source>
            <translation>CSV 文件 (*.csv)</translation>
        </message>
    </context>
    <context>
        <name>UnitEditor</name>
        <message>
            <source>Unit {tag}</source>
            <translation>设备 {tag}</translation>
        </message>
        <message>
            <source>Identification</source>
            <translation>标识</translation>
        </message>
        <message>
            <source>Location and power</source>
            <translation>位置与供电</translation>
        </message>
        <message>
            <source>SNMP access</source>
            <translation>SNMP 访问</translation>
        </message>
        <message>
            <source>Port names, separated by ; e.g. Gi1/0/49; Gi1/0/50</source>
            <translation>端口名，以 ; 分隔，如 Gi1/0/49; Gi1/0/50</translation>
        </message>
        <message>
            <source>These ports alarm whenever they are down (uplinks). Any other port alarms only when it goes from up to down.</source>
            <translation>这些端口（如上联口）断开即告警；其他端口只在由连通变为断开时告警。</translation>
        </message>
        <message>
            <source>A server needs two different PDUs (R-FLOOR-4).</source>
            <translation>服务器须由两路不同的PDU供电（R-FLOOR-4）。</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>保存</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>(none)</source>
            <translation>（无）</translation>
        </message>
        <message>
            <source>Load the current version now? Your changes here are lost.</source>
            <translation>现在载入最新版本吗？此处未保存的修改将丢失。</translation>
        </message>
        <message>
            <source>Changed by someone else</source>
            <translation>已被他人修改</translation>
        </message>
    </context>
    <context>
        <name>UnitsTableModel</name>
        <message>
            <source>Asset tag</source>
            <translation>资产编号</translation>
        </message>
        <message>
            <source>Serial number</source>
            <translation>序列号</translation>
        </message>
        <message>
            <source>Institution</source>
            <translation>机构</translation>
        </message>
        <message>
            <source>Room</source>
            <translation>机房</translation>
        </message>
        <message>
            <source>Rack</source>
            <translation>机柜</translation>
        </message>
        <message>
            <source>U position</source>
            <translation>U位</translation>
        </message>
        <message>
            <source>Management IP</source>
            <translation>管理IP</translation>
        </message>
        <message>
            <source>PDU A</source>
            <translation>PDU A路</translation>
        </message>
        <message>
            <source>PDU B</source>
            <translation>PDU B路</translation>
        </message>
        <message>
            <source>Power feed</source>
            <translation>供电</translation>
        </message>
        <message>
            <source>Single feed</source>
            <translation>单路供电</translation>
        </message>
        <message>
            <source>Fed from one PDU only: a server needs two different PDUs (R-FLOOR-4).</source>
            <translation>仅由一路PDU供电：服务器须由两路不同的PDU供电（R-FLOOR-4）。</translation>
        </message>
    </context>
    <context>
        <name>UsersPanel</name>
        <message>
            <source>User management</source>
            <translation>用户管理</translation>
        </message>
        <message>
            <source>User name</source>
            <translation>用户名</translation>
        </message>
        <message>
            <source>Full name</source>
            <translation>姓名</translation>
        </message>
        <message>
            <source>Role</source>
            <translation>角色</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Locked until</source>
            <translation>锁定至</translation>
        </message>
        <message>
            <source>Add user</source>
            <translation>新增用户</translation>
        </message>
        <message>
            <source>Reset password</source>
            <translation>重置密码</translation>
        </message>
        <message>
            <source>Disable</source>
            <translation>停用</translation>
        </message>
        <message>
            <source>Change role</source>
            <translation>更改角色</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>刷新</translation>
        </message>
        <message>
            <source>Disabled</source>
            <translation>已停用</translation>
        </message>
        <message>
            <source>Active</source>
            <translation>正常</translation>
        </message>
        <message>
            <source>Enable</source>
            <translation>启用</translation>
        </message>
        <message>
            <source>The password of {name} was changed.</source>
            <translation>已修改 {name} 的密码。</translation>
        </message>
        <message>
            <source>Disable the account {name}? The user can no longer log in; the records stay.</source>
            <translation>停用账号 {name}？该用户将无法登录，其记录保留。</translation>
        </message>
        <message>
            <source>Disable account</source>
            <translation>停用账号</translation>
        </message>
    </context>
    <context>
        <name>VerifyResultDialog</name>
        <message>
            <source>Check a printed sheet</source>
            <translation>核验纸质记录</translation>
        </message>
        <message>
            <source>{name} (PDF file)</source>
            <translation>{name}（PDF 文件）</translation>
        </message>
        <message>
            <source>File</source>
            <translation>文件</translation>
        </message>
        <message>
            <source>Record</source>
            <translation>记录</translation>
        </message>
        <message>
            <source>Revision {n}</source>
            <translation>第 {n} 版</translation>
        </message>
        <message>
            <source> (correction: {reason})</source>
            <translation>（更正原因：{reason}）</translation>
        </message>
        <message>
            <source>Revision</source>
            <translation>版本</translation>
        </message>
        <message>
            <source>Verification code</source>
            <translation>核验码</translation>
        </message>
        <message>
            <source>{name} ({role}), signed {time}</source>
            <translation>{name}（{role}），签字时间 {time}</translation>
        </message>
        <message>
            <source>Signed hash</source>
            <translation>签字哈希</translation>
        </message>
        <message>
            <source>Paper</source>
            <translation>纸质记录</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>备注</translation>
        </message>
        <message>
            <source>Page {n}</source>
            <translation>第 {n} 页</translation>
        </message>
        <message>
            <source>Page count</source>
            <translation>页数</translation>
        </message>
        <message>
            <source>{where}: the record says “{expected}”, the paper says “{found}”</source>
            <translation>{where}：记录为“{expected}”，纸面为“{found}”</translation>
        </message>
        <message>
            <source>Matches the stored signed record</source>
            <translation>与已存档的签字记录一致</translation>
        </message>
        <message>
            <source>Does NOT match the stored record</source>
            <translation>与已存档的记录不一致</translation>
        </message>
        <message>
            <source>Cannot verify: the pages could not be compared as they look</source>
            <translation>无法核验：未能比对页面图像</translation>
        </message>
        <message>
            <source>Unknown: no stored record for this paper</source>
            <translation>无法核验：找不到这份纸质表的存档记录</translation>
        </message>
        <message>
            <source>Every page reads exactly as the stored revision prints.</source>
            <translation>每一页的内容和版面都与存档的签字版本一致。</translation>
        </message>
        <message>
            <source>The stored record no longer matches its own signatures. Tell the administrator.</source>
            <translation>存档记录与其签字哈希不再相符，请通知管理员。</translation>
        </message>
        <message>
            <source>The paper differs from what was signed: a value was changed or written over.</source>
            <translation>纸面内容与签字时的内容不同：有数值被修改或覆盖。</translation>
        </message>
        <message>
            <source>Its text reads as the stored revision, but without pdftoppm (poppler-utils) the pages cannot be compared as they look, so a covered value would go unnoticed: this is no proof. Ask the administrator to install poppler-utils, then check the paper again.</source>
            <translation>页面文字与存档版本相同，但未安装 pdftoppm（poppler-utils），无法比对页面图像，被遮盖的数值不会被发现，不能据此认定纸质表未被改动。请联系管理员安装 poppler-utils 后重新核验。</translation>
        </message>
        <message>
            <source>The file is not a readable PDF.</source>
            <translation>该文件不是可读取的 PDF。</translation>
        </message>
        <message>
            <source>No verification code was found on the pages: this is not an OpsDesk sheet, or the code was removed.</source>
            <translation>页面上找不到核验码：这不是本系统导出的巡检表，或核验码已被去除。</translation>
        </message>
        <message>
            <source>The verification code on the paper belongs to no signed record in this database.</source>
            <translation>纸面上的核验码在本数据库中没有对应的签字记录。</translation>
        </message>
    </context>
    <context>
        <name>WalkPage</name>
        <message>
            <source>Walk the device</source>
            <translation>读取设备</translation>
        </message>
        <message>
            <source>Reads the device's own subtree (at most 20,000 rows in 60 seconds), or a walk file (snmpwalk -On output or an .snmprec) of a device this PC cannot reach.</source>
            <translation>读取设备厂商的 SNMP 子树（最多 20000 行、60 秒）；本机连不到的设备，可载入遍历文件（snmpwalk -On 的输出或 .snmprec 文件）。</translation>
        </message>
        <message>
            <source>Stop</source>
            <translation>停止</translation>
        </message>
        <message>
            <source>Load a walk file…</source>
            <translation>载入遍历文件…</translation>
        </message>
        <message>
            <source>Walking {device}…</source>
            <translation>正在读取 {device}…</translation>
        </message>
        <message>
            <source>Reading {file}…</source>
            <translation>正在读取 {file}…</translation>
        </message>
        <message>
            <source>Stopping the walk…</source>
            <translation>正在停止读取…</translation>
        </message>
        <message>
            <source>{n} rows read so far…</source>
            <translation>已读取 {n} 行…</translation>
        </message>
        <message>
            <source>The MIB files changed during the walk: walk again.</source>
            <translation>读取期间 MIB 文件有变动：请重新读取设备。</translation>
        </message>
        <message>
            <source>Walk cancelled ({n} rows read); walk again or load a walk file.</source>
            <translation>已取消读取（已读取 {n} 行）；可重新读取设备或载入遍历文件。</translation>
        </message>
        <message>
            <source>{n} rows read; {m} readings proposed.</source>
            <translation>已读取 {n} 行，建议 {m} 项读数。</translation>
        </message>
        <message>
            <source>The walk stopped at the row limit: the rest of the subtree was not read.</source>
            <translation>已达行数上限，读取停止：子树的其余部分未读取。</translation>
        </message>
        <message>
            <source>Load a walk file</source>
            <translation>载入遍历文件</translation>
        </message>
        <message>
            <source>Walk files (*.walk *.snmprec *.txt);;All files (*)</source>
            <translation>遍历文件 (*.walk *.snmprec *.txt);;所有文件 (*)</translation>
        </message>
    </context>
    <context>
        <name>WallAlarmModel</name>
        <message>
            <source> (×{n})</source>
            <translation>（×{n}）</translation>
        </message>
        <message>
            <source> (acked)</source>
            <translation>（已确认）</translation>
        </message>
        <message>
            <source>Cleared, unacknowledged</source>
            <translation>已恢复·未确认</translation>
        </message>
        <message>
            <source>Device / alarm</source>
            <translation>设备 / 告警内容</translation>
        </message>
    </context>
    <context>
        <name>WallWindow</name>
        <message>
            <source>Wall display</source>
            <translation>大屏模式</translation>
        </message>
        <message>
            <source>Duty-room wall display</source>
            <translation>机房值班大屏</translation>
        </message>
        <message>
            <source>Demo data</source>
            <translation>演示数据</translation>
        </message>
        <message>
            <source>No active alarms</source>
            <translation>当前没有告警</translation>
        </message>
        <message>
            <source>Floor</source>
            <translation>机房平面</translation>
        </message>
        <message>
            <source>Temperature and humidity</source>
            <translation>温湿度</translation>
        </message>
        <message>
            <source>Active alarms (all sites)</source>
            <translation>当前告警（全部站点）</translation>
        </message>
        <message>
            <source>No rooms set up</source>
            <translation>尚未设置机房</translation>
        </message>
        <message>
            <source>Room {n} of {total} · next in {seconds} s</source>
            <translation>第 {n}/{total} 个机房 · 每 {seconds} 秒切换</translation>
        </message>
        <message>
            <source>{n} active</source>
            <translation>共 {n} 条</translation>
        </message>
        <message>
            <source>Critical {n}</source>
            <translation>严重 {n}</translation>
        </message>
        <message>
            <source>Warning {n}</source>
            <translation>警告 {n}</translation>
        </message>
        <message>
            <source>{counts} not acknowledged</source>
            <translation>{counts} 未确认</translation>
        </message>
        <message>
            <source>No unacknowledged alarms</source>
            <translation>当前无未确认告警</translation>
        </message>
        <message>
            <source>Monday</source>
            <translation>星期一</translation>
        </message>
        <message>
            <source>Tuesday</source>
            <translation>星期二</translation>
        </message>
        <message>
            <source>Wednesday</source>
            <translation>星期三</translation>
        </message>
        <message>
            <source>Thursday</source>
            <translation>星期四</translation>
        </message>
        <message>
            <source>Friday</source>
            <translation>星期五</translation>
        </message>
        <message>
            <source>Saturday</source>
            <translation>星期六</translation>
        </message>
        <message>
            <source>Sunday</source>
            <translation>星期日</translation>
        </message>
    </context>
    <context>
        <name>_FormDialog</name>
        <message>
            <source>OK</source>
            <translation>确定</translation>
        </message>
        <message>
            <source>At least {n} characters</source>
            <translation>至少 {n} 个字符</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>密码</translation>
        </message>
        <message>
            <source>Repeat password</source>
            <translation>再次输入密码</translation>
        </message>
        <message>
            <source>The two passwords differ.</source>
            <translation>两次输入的密码不一致。</translation>
        </message>
        <message>
            <source>A password needs at least {n} characters.</source>
            <translation>密码至少需要 {n} 个字符。</translation>
        </message>
    </context>
</TS>
