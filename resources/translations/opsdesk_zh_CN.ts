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
            <source>The alarm changed in the meantime (see above). Check it, then acknowledge again.</source>
            <translation>该告警在此期间已有变化（见上方），请核对后再确认。</translation>
        </message>
    </context>
    <context>
        <name>AlarmBanner</name>
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
            <source>{who}: {note}</source>
            <translation>{who}：{note}</translation>
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
            <source>Acknowledge…</source>
            <translation>确认告警…</translation>
        </message>
        <message>
            <source>Live status</source>
            <translation>实时状态</translation>
        </message>
        <message>
            <source>Maintenance window…</source>
            <translation>维护窗口…</translation>
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
        <name>Console</name>
        <message>
            <source>Automatic login is only for an enabled user of the demo database: {name}</source>
            <translation>自动登录仅适用于演示数据库中未停用的用户：{name}</translation>
        </message>
        <message>
            <source>No screenshot could be saved to {path}</source>
            <translation>无法将截图保存到 {path}</translation>
        </message>
    </context>
    <context>
        <name>DevicePanel</name>
        <message>
            <source>The unit was deleted in the meantime.</source>
            <translation>该设备已被他人删除。</translation>
        </message>
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
            <source>Maintenance window…</source>
            <translation>维护窗口…</translation>
        </message>
        <message>
            <source>End maintenance</source>
            <translation>结束维护</translation>
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
        <name>Labels</name>
        <message>
            <source>Duty engineer</source>
            <translation>值班运维人员</translation>
        </message>
        <message>
            <source>Supervisor</source>
            <translation>审核人</translation>
        </message>
        <message>
            <source>Administrator</source>
            <translation>管理员</translation>
        </message>
        <message>
            <source>In warranty</source>
            <translation>保内</translation>
        </message>
        <message>
            <source>Warranty ending soon</source>
            <translation>即将过保</translation>
        </message>
        <message>
            <source>Out of warranty</source>
            <translation>过保</translation>
        </message>
        <message>
            <source>Unknown</source>
            <translation>未知</translation>
        </message>
        <message>
            <source>User added</source>
            <translation>新增用户</translation>
        </message>
        <message>
            <source>Password changed</source>
            <translation>修改密码</translation>
        </message>
        <message>
            <source>User disabled</source>
            <translation>停用用户</translation>
        </message>
        <message>
            <source>User enabled</source>
            <translation>启用用户</translation>
        </message>
        <message>
            <source>Role changed</source>
            <translation>更改角色</translation>
        </message>
        <message>
            <source>Account locked</source>
            <translation>账号锁定</translation>
        </message>
        <message>
            <source>Register line added</source>
            <translation>新增台账行</translation>
        </message>
        <message>
            <source>Register line edited</source>
            <translation>编辑台账行</translation>
        </message>
        <message>
            <source>Register line deleted</source>
            <translation>删除台账行</translation>
        </message>
        <message>
            <source>Unit edited</source>
            <translation>编辑设备</translation>
        </message>
        <message>
            <source>Unit deleted</source>
            <translation>删除设备</translation>
        </message>
        <message>
            <source>Register imported</source>
            <translation>导入台账</translation>
        </message>
        <message>
            <source>Backup</source>
            <translation>备份</translation>
        </message>
        <message>
            <source>Restore</source>
            <translation>恢复</translation>
        </message>
        <message>
            <source>Demo data loaded</source>
            <translation>载入演示数据</translation>
        </message>
        <message>
            <source>Setting changed</source>
            <translation>修改设置</translation>
        </message>
        <message>
            <source>Calendar imported</source>
            <translation>导入工作日历</translation>
        </message>
        <message>
            <source>Yes</source>
            <translation>是</translation>
        </message>
        <message>
            <source>No</source>
            <translation>否</translation>
        </message>
        <message>
            <source>Critical</source>
            <translation>严重</translation>
        </message>
        <message>
            <source>Warning</source>
            <translation>警告</translation>
        </message>
        <message>
            <source>Normal</source>
            <translation>正常</translation>
        </message>
        <message>
            <source>Not answering</source>
            <translation>无应答</translation>
        </message>
        <message>
            <source>Not polled yet</source>
            <translation>未轮询</translation>
        </message>
        <message>
            <source>min</source>
            <translation>分钟</translation>
        </message>
        <message>
            <source>s</source>
            <translation>秒</translation>
        </message>
        <message>
            <source>h</source>
            <translation>小时</translation>
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
            <source>Quit</source>
            <translation>退出</translation>
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
            <source>Log out</source>
            <translation>退出登录</translation>
        </message>
        <message>
            <source>Quit</source>
            <translation>退出</translation>
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
            <source>Duty-room operations console, version {version}.
For the duty room of a hospital data centre.</source>
            <translation>机房值班运维台，版本 {version}。
用于医院数据中心的机房值班。</translation>
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
        <name>Panels</name>
        <message>
            <source>Alarms</source>
            <translation>告警</translation>
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
    </context>
    <context>
        <name>PasswordDialog</name>
        <message>
            <source>New password for {name}</source>
            <translation>为 {name} 设置新密码</translation>
        </message>
    </context>
    <context>
        <name>PollerStatusLabel</name>
        <message>
            <source>Polling: started {time}, first cycle running</source>
            <translation>轮询：{time} 启动，首轮进行中</translation>
        </message>
        <message>
            <source>Polling: last {time}, took {seconds} s, answering {ok} / silent {silent}</source>
            <translation>轮询：上次 {time}，耗时 {seconds} 秒，应答 {ok} / 无应答 {silent}</translation>
        </message>
        <message>
            <source>Poller {holder}, running since {since}; last heartbeat {beat}</source>
            <translation>轮询进程 {holder}，{since} 起运行；最近心跳 {beat}</translation>
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
    </context>
    <context>
        <name>ReadingsTableModel</name>
        <message>
            <source>Invalid: {reason}</source>
            <translation>无效：{reason}</translation>
        </message>
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
        <message>
            <source>Export finished</source>
            <translation>导出完成</translation>
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
            <source>The unit was deleted in the meantime.</source>
            <translation>该设备已被他人删除。</translation>
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
        <name>_FormDialog</name>
        <message>
            <source>OK</source>
            <translation>确定</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
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
